"""The pages: server-rendered Jinja2 templates with htmx, Vietnamese first with an English switch,
charts drawn on the server as SVG by pygal (no page loads anything from the internet)."""
