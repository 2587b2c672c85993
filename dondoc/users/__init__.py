"""Users and roles: admin, coordinator, reporter (bound to one agency), viewer."""
