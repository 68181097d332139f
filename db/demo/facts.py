"""Demo registry, from the two news reports in shared/seeds (real, recorded history)
plus two invented blocs so a province has more than one. Everything not listed
under SEED_* below is synthetic and marked so in the data itself."""

DIEN_BIEN, LAI_CHAU = "DBN", "LCU"
PROVINCES = {DIEN_BIEN: "Điện Biên", LAI_CHAU: "Lai Châu"}

VHXH = "Khối Văn hóa – Xã hội"
KINH_TE = "Khối Kinh tế – Tổng hợp"  # synthetic

# Short names are unique within a province: they key the facts below.
UNITS = {
    DIEN_BIEN: {
        VHXH: [
            ("Bảo hiểm xã hội tỉnh", "BHXH"),
            ("Sở Giáo dục - Đào tạo", "Sở GD-ĐT"),
            ("Sở Lao động - Thương binh và Xã hội", "Sở LĐ-TB&XH"),
            ("Sở Thông tin - Truyền thông", "Sở TT-TT"),
            ("Sở Văn hóa - Thể thao và Du lịch", "Sở VH-TT&DL"),
            ("Sở Y tế", "Sở Y tế"),
            ("Sở Khoa học - Công nghệ", "Sở KH-CN"),
            ("Đài Phát thanh - Truyền hình tỉnh", "Đài PT-TH"),
        ],
        KINH_TE: [
            ("Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"),
            ("Sở Tài chính", "Sở TC"),
            ("Sở Công Thương", "Sở CT"),
            ("Sở Xây dựng", "Sở XD"),
            ("Sở Giao thông vận tải", "Sở GTVT"),
            ("Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT"),
        ],
    },
    LAI_CHAU: {
        VHXH: [
            ("Sở Lao động – Thương binh và Xã hội", "Sở LĐ-TB&XH"),
            ("Sở Y tế", "Sở Y tế"),
            ("Sở Văn hóa, Thể thao và Du lịch", "Sở VH-TT&DL"),
            ("Sở Khoa học và Công nghệ", "Sở KH&CN"),
            ("Sở Thông tin và Truyền thông", "Sở TT&TT"),
            ("Sở Giáo dục và Đào tạo", "Sở GD&ĐT"),
            ("Đài Phát thanh – Truyền hình tỉnh", "Đài PT-TH"),
            ("Trường Cao đẳng Cộng đồng tỉnh", "Trường CĐ Cộng đồng"),
            ("Bảo hiểm xã hội tỉnh", "BHXH"),
        ],
        KINH_TE: [
            ("Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"),
            ("Sở Tài chính", "Sở TC"),
            ("Sở Công Thương", "Sở CT"),
            ("Sở Xây dựng", "Sở XD"),
            ("Sở Tài nguyên và Môi trường", "Sở TN&MT"),
        ],
    },
}

FIRST_YEAR, LAST_YEAR = 2015, 2025
CURRENT_YEAR = 2026  # scoring under way: sheets in every state

# Recorded history from the seeds: (province, bloc, year, short name).
SEED_CHAIRS = [
    (DIEN_BIEN, VHXH, 2017, "BHXH"),
    (LAI_CHAU, VHXH, 2017, "Sở LĐ-TB&XH"),  # "Thường trực thi đua khối" 2017
    (LAI_CHAU, VHXH, 2018, "Đài PT-TH"),  # elected at the 2017 year-end conference
]
SEED_FLAGS = [(LAI_CHAU, VHXH, 2017, "Sở LĐ-TB&XH"), (LAI_CHAU, VHXH, 2017, "Đài PT-TH")]
SEED_MERITS = [(LAI_CHAU, VHXH, 2017, "Sở GD&ĐT"), (LAI_CHAU, VHXH, 2017, "Trường CĐ Cộng đồng")]
SEED_SOURCE = "Theo tin tổng kết Khối Văn hóa – Xã hội năm 2017"

# Synthetic membership change: in 2025 the information departments merge into
# science and technology (the units keep their past, they just stop being members).
MERGERS_2025 = {DIEN_BIEN: ("Sở TT-TT", "Sở KH-CN"), LAI_CHAU: ("Sở TT&TT", "Sở KH&CN")}
MERGER_YEAR = 2025

SYNTHETIC_NOTE = "Dữ liệu minh họa (demo)"
