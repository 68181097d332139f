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
# The year the demo carries through the province's stage: the blocs' proposals, the council's
# vote and the chair's decision (manage/demo/council.py). Earlier synthetic years are decided
# outright; 2017 stays as the seeds report it (proposals).
DECIDED_YEAR = 2025

# Recorded history from the seeds: (province, bloc, year, short name).
SEED_CHAIRS = [
    (DIEN_BIEN, VHXH, 2017, "BHXH"),
    (LAI_CHAU, VHXH, 2017, "Sở LĐ-TB&XH"),  # "Thường trực thi đua khối" 2017
    (LAI_CHAU, VHXH, 2018, "Đài PT-TH"),  # elected at the 2017 year-end conference
]
SEED_FLAGS = [(LAI_CHAU, VHXH, 2017, "Sở LĐ-TB&XH"), (LAI_CHAU, VHXH, 2017, "Đài PT-TH")]
SEED_MERITS = [(LAI_CHAU, VHXH, 2017, "Sở GD&ĐT"), (LAI_CHAU, VHXH, 2017, "Trường CĐ Cộng đồng")]
SEED_SOURCE = "Theo tin tổng kết Khối Văn hóa – Xã hội năm 2017"

# The 2025 reorganisation (DOMAIN.md; departments merged from 1 March 2025, the press
# from mid-2025). Real: which departments merged into which. Illustrative (minh họa): how
# the demo's blocs were re-formed. From 2025 on, member lists are keyed by the units'
# short names before 2025 (a renamed unit keeps its key).
MERGER_YEAR = 2025

# Units that sat in blocs the demo does not model before 2025 and take over merged ones.
OTHER_UNITS = {
    DIEN_BIEN: [
        ("Sở Nội vụ", "Sở Nội vụ"),
        ("Báo Điện Biên Phủ", "Báo ĐBP"),
        ("Sở Tư pháp", "Sở Tư pháp"),
    ],
    LAI_CHAU: [
        ("Sở Nội vụ", "Sở Nội vụ"),
        ("Báo Lai Châu", "Báo Lai Châu"),
        ("Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT"),
        ("Sở Tư pháp", "Sở Tư pháp"),
    ],
}

# Merged unit → the unit that absorbed it (Unit.merged_into_id). Sở LĐ-TB&XH was dissolved:
# most of its work went to Sở Nội vụ (its successor here), social protection to Sở Y tế.
MERGED_INTO = {
    DIEN_BIEN: {
        "Sở LĐ-TB&XH": "Sở Nội vụ",
        "Sở TT-TT": "Sở KH-CN",
        "Sở KH&ĐT": "Sở TC",
        "Sở GTVT": "Sở XD",
        "Đài PT-TH": "Báo ĐBP",  # the newspaper and the radio-TV station became one agency
    },
    LAI_CHAU: {
        "Sở LĐ-TB&XH": "Sở Nội vụ",
        "Sở TT&TT": "Sở KH&CN",
        "Sở KH&ĐT": "Sở TC",
        "Sở TN&MT": "Sở NN&PTNT",
        "Đài PT-TH": "Báo Lai Châu",
    },
}

# New names from 2025 (UnitName rows): the merged agencies' names.
RENAMED = {
    DIEN_BIEN: {
        "Báo ĐBP": ("Báo và Phát thanh, Truyền hình Điện Biên", "Báo và PT-TH Điện Biên"),
        "Sở NN&PTNT": ("Sở Nông nghiệp và Môi trường", "Sở NN&MT"),
    },
    LAI_CHAU: {
        "Sở NN&PTNT": ("Sở Nông nghiệp và Môi trường", "Sở NN&MT"),
    },
}

# The blocs as re-formed in 2025 (illustrative): the successors join, Sở Tư pháp joins
# the economic and general bloc.
BLOCS_2025 = {
    DIEN_BIEN: {
        VHXH: ["BHXH", "Sở GD-ĐT", "Sở VH-TT&DL", "Sở Y tế", "Sở KH-CN", "Sở Nội vụ", "Báo ĐBP"],
        KINH_TE: ["Sở TC", "Sở CT", "Sở XD", "Sở NN&PTNT", "Sở Tư pháp"],
    },
    LAI_CHAU: {
        VHXH: [
            *("Sở Y tế", "Sở VH-TT&DL", "Sở KH&CN", "Sở GD&ĐT", "Trường CĐ Cộng đồng", "BHXH"),
            *("Sở Nội vụ", "Báo Lai Châu"),
        ],
        KINH_TE: ["Sở TC", "Sở CT", "Sở XD", "Sở NN&PTNT", "Sở Tư pháp"],
    },
}

# The demo delegate account's unit, in Lai Châu's Culture–Society bloc every year (it
# absorbed Sở TT&TT in 2025) and a voter at the 2017 conference.
DELEGATE_UNIT = "Sở KH&CN"

SYNTHETIC_NOTE = "Dữ liệu minh họa (demo)"
