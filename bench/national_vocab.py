"""The words of the national benchmark's plans: a province's bodies before and after the 2025
reorganisation, and the phrases its plans, tasks and indicators are written in (the seeds' own
vocabulary: digital transformation, administrative reform, science and innovation).

Plain data, no code: bench/national_rows.py and bench/national_plan.py build rows from it."""

from __future__ import annotations

# (key, name pattern, registry kind) of a province's bodies. A pattern ending in " tỉnh" takes the
# province's unit in its place ("Công an tỉnh" → "Công an thành phố Hà Nội").
DEPARTMENTS: tuple[tuple[str, str, str], ...] = (
    ("van-phong", "Văn phòng UBND tỉnh", "provincial_department"),
    ("so-noi-vu", "Sở Nội vụ", "provincial_department"),
    ("so-tu-phap", "Sở Tư pháp", "provincial_department"),
    ("so-tai-chinh", "Sở Tài chính", "provincial_department"),
    ("so-cong-thuong", "Sở Công Thương", "provincial_department"),
    ("so-xay-dung", "Sở Xây dựng", "provincial_department"),
    ("so-khcn", "Sở Khoa học và Công nghệ", "provincial_department"),
    ("so-gddt", "Sở Giáo dục và Đào tạo", "provincial_department"),
    ("so-y-te", "Sở Y tế", "provincial_department"),
    ("so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch", "provincial_department"),
    ("thanh-tra", "Thanh tra tỉnh", "provincial_department"),
    ("cong-an", "Công an tỉnh", "provincial_body"),
    ("so-nnmt", "Sở Nông nghiệp và Môi trường", "provincial_department"),
    ("so-dttg", "Sở Dân tộc và Tôn giáo", "provincial_department"),
    # ended on 28 February 2025 (Nghị định 45/2025/NĐ-CP)
    ("so-tttt", "Sở Thông tin và Truyền thông", "provincial_department"),
    ("so-khdt", "Sở Kế hoạch và Đầu tư", "provincial_department"),
    ("so-gtvt", "Sở Giao thông vận tải", "provincial_department"),
    ("so-tnmt", "Sở Tài nguyên và Môi trường", "provincial_department"),
    ("so-nnptnt", "Sở Nông nghiệp và Phát triển nông thôn", "provincial_department"),
    ("so-ldtbxh", "Sở Lao động - Thương binh và Xã hội", "provincial_department"),
    ("ban-dan-toc", "Ban Dân tộc tỉnh", "provincial_department"),
)
# Who took over the work of a body merged on 1 March 2025 (the first answers, as in the registry).
MERGED_2025_03: dict[str, tuple[str, ...]] = {
    "so-tttt": ("so-khcn",),
    "so-khdt": ("so-tai-chinh",),
    "so-gtvt": ("so-xay-dung",),
    "so-tnmt": ("so-nnmt",),
    "so-nnptnt": ("so-nnmt",),
    "so-ldtbxh": ("so-noi-vu", "so-y-te", "so-gddt"),
    "ban-dan-toc": ("so-dttg",),
}
NEW_2025_03 = ("so-nnmt", "so-dttg")
# The bodies a plan can name as leads, by the day it was signed; the first ones lead most tasks
# (a digital-transformation plan leans on Sở TT&TT, later Sở KH&CN).
LEADS_BEFORE = (
    "so-tttt",
    "van-phong",
    "so-noi-vu",
    "so-khdt",
    "so-tai-chinh",
    "so-khcn",
    "so-gddt",
    "so-y-te",
    "so-cong-thuong",
    "so-tnmt",
    "so-nnptnt",
    "so-gtvt",
    "so-xay-dung",
    "so-ldtbxh",
    "so-vhttdl",
    "so-tu-phap",
    "cong-an",
    "thanh-tra",
    "ban-dan-toc",
)
LEADS_AFTER = (
    "so-khcn",
    "van-phong",
    "so-noi-vu",
    "so-tai-chinh",
    "so-gddt",
    "so-y-te",
    "so-cong-thuong",
    "so-nnmt",
    "so-xay-dung",
    "so-vhttdl",
    "so-tu-phap",
    "cong-an",
    "thanh-tra",
    "so-dttg",
)

PLAN_THEMES = (
    "Chuyển đổi số",
    "Phát triển kinh tế số và xã hội số",
    "Cải cách hành chính",
    "Phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
    "Triển khai Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử (Đề án 06)",
    "Phát triển đô thị thông minh",
    "Bảo đảm an toàn thông tin mạng",
    "Phát triển nguồn nhân lực số",
    "Thúc đẩy thanh toán không dùng tiền mặt",
    "Phát triển hạ tầng số",
)
REFERENCES = ("57-NQ/TW", "71/NQ-CP", "06/QĐ-TTg", "749/QĐ-TTg", "942/QĐ-TTg", "411/QĐ-TTg", "03/NQ-CP")
SECTIONS = (
    ("I", "MỤC ĐÍCH, YÊU CẦU", "purpose"),
    ("II", "MỤC TIÊU", "objectives"),
    ("III", "NHIỆM VỤ, GIẢI PHÁP", "tasks"),
    ("IV", "TỔ CHỨC THỰC HIỆN", "organisation"),
)
TASK_GROUPS = (
    "Hoàn thiện thể chế, chính sách",
    "Phát triển hạ tầng số",
    "Phát triển dữ liệu số",
    "Phát triển chính quyền số",
    "Phát triển kinh tế số",
    "Phát triển xã hội số",
    "Bảo đảm an toàn thông tin",
    "Phát triển nguồn nhân lực",
)
TASK_VERBS = (
    "Triển khai",
    "Xây dựng",
    "Hoàn thiện",
    "Nâng cấp",
    "Tổ chức",
    "Đẩy mạnh",
    "Rà soát",
    "Tăng cường",
    "Thúc đẩy",
    "Phát triển",
    "Duy trì vận hành",
    "Kết nối, tích hợp",
)
TASK_OBJECTS = (
    "hệ thống thông tin giải quyết thủ tục hành chính",
    "nền tảng tích hợp, chia sẻ dữ liệu (LGSP)",
    "cơ sở dữ liệu chuyên ngành",
    "dịch vụ công trực tuyến toàn trình",
    "hạ tầng mạng băng rộng cố định đến hộ gia đình",
    "Trung tâm giám sát, điều hành thông minh (IOC)",
    "chữ ký số cho cán bộ, công chức, viên chức",
    "kho dữ liệu số dùng chung",
    "hồ sơ sức khỏe điện tử của người dân",
    "học bạ số trong các cơ sở giáo dục",
    "thanh toán không dùng tiền mặt trong trường học, bệnh viện",
    "bản đồ số và hệ thống thông tin địa lý (GIS)",
    "tập huấn kỹ năng số cho người dân",
    "giám sát an toàn thông tin mạng (SOC)",
    "sàn thương mại điện tử cho sản phẩm OCOP",
    "Tổ công nghệ số cộng đồng tại các xã, phường",
    "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "hệ thống quản lý văn bản và điều hành",
    "camera giám sát an ninh trật tự",
    "ứng dụng định danh điện tử VNeID",
)
TASK_PLACES = (
    "trên địa bàn {unit}",
    "tại các cơ quan nhà nước {unit}",
    "phục vụ người dân và doanh nghiệp",
    "theo hướng dẫn của các bộ, ngành Trung ương",
    "giai đoạn {start}-{end}",
    "",
)
OUTPUTS = (
    "Báo cáo kết quả thực hiện",
    "Hệ thống được đưa vào vận hành",
    "Quyết định phê duyệt",
    "Kế hoạch triển khai",
    "Văn bản hướng dẫn",
    "Cơ sở dữ liệu được cập nhật",
)
# (text, unit, comparator, goal range, base range, rank): the indicators of a digital plan.
INDICATORS = (
    ("Tỷ lệ hồ sơ giải quyết thủ tục hành chính trực tuyến toàn trình", "%", ">=", (50, 90), (10, 30), False),
    ("Tỷ lệ dân số trưởng thành có điện thoại thông minh", "%", ">=", (80, 95), (55, 70), False),
    ("Tỷ lệ hộ gia đình có cáp quang băng rộng", "%", ">=", (80, 100), (40, 65), False),
    ("Tỷ trọng kinh tế số trong GRDP", "% GRDP", ">=", (20, 30), (5, 12), False),
    ("Tỷ lệ văn bản được ký số", "%", ">=", (90, 100), (40, 70), False),
    ("Chỉ số chuyển đổi số cấp tỉnh (DTI)", "Thứ bậc", "<=", (5, 20), (25, 50), True),
    ("Chỉ số cải cách hành chính (PAR INDEX)", "Thứ bậc", "<=", (5, 15), (20, 45), True),
    ("Số doanh nghiệp công nghệ số", "Doanh nghiệp", ">=", (300, 1200), (80, 250), False),
    ("Tỷ lệ người dân có hồ sơ sức khỏe điện tử", "%", ">=", (85, 100), (20, 50), False),
    ("Tỷ lệ giao dịch thanh toán không dùng tiền mặt", "%", ">=", (70, 90), (30, 50), False),
    ("Số người dân được tập huấn kỹ năng số", "Người", ">=", (50000, 300000), (2000, 15000), False),
    ("Tỷ lệ cơ sở dữ liệu được kết nối, chia sẻ", "%", "=", (100, 100), (20, 50), False),
)
LEVELS = (("province", "cấp tỉnh"), ("district", "cấp huyện"), ("commune", "cấp xã"))
NARRATIVES = (
    "Đã ban hành văn bản triển khai; đang phối hợp các đơn vị thực hiện.",
    "Hoàn thành các hạng mục theo kế hoạch trong kỳ.",
    "Đang triển khai, tiến độ đạt yêu cầu.",
    "Chờ bố trí kinh phí để triển khai các hạng mục còn lại.",
    "Đã tổ chức tập huấn, hướng dẫn các đơn vị.",
)
RETURN_COMMENTS = (
    "Đề nghị bổ sung minh chứng cho các nhiệm vụ đã hoàn thành.",
    "Số liệu chỉ tiêu chưa khớp với báo cáo kỳ trước, đề nghị kiểm tra lại.",
    "Đề nghị nêu rõ khó khăn, vướng mắc và kiến nghị.",
)
