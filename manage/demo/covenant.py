"""The demo 100-point covenant, with bonus and deduction items (synthetic)."""

from db.models import CriterionKind

N, B, D = CriterionKind.NORMAL, CriterionKind.BONUS, CriterionKind.DEDUCTION

COVENANT_GROUPS = [
    (
        "I. Thực hiện nhiệm vụ chính trị, chuyên môn",
        [
            ("Hoàn thành các chỉ tiêu, nhiệm vụ chuyên môn được giao trong năm", N, 20),
            ("Tham mưu ban hành văn bản, đề án, chính sách của ngành", N, 10),
            ("Cải cách hành chính, chuyển đổi số", N, 10),
        ],
    ),
    (
        "II. Công tác thi đua, khen thưởng",
        [
            ("Tổ chức phát động, ký kết giao ước thi đua", N, 8),
            ("Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", N, 9),
            ("Thực hiện chế độ thông tin, báo cáo đúng hạn", N, 8),
        ],
    ),
    (
        "III. Xây dựng Đảng, đoàn thể và cơ quan",
        [
            ("Xây dựng tổ chức Đảng trong sạch, vững mạnh", N, 8),
            ("Hoạt động Công đoàn, Đoàn Thanh niên, Hội Phụ nữ", N, 6),
            ("Thực hành tiết kiệm, phòng chống tham nhũng, lãng phí", N, 6),
        ],
    ),
    (
        "IV. Tham gia hoạt động chung của Khối",
        [
            ("Tham gia đầy đủ các hoạt động của Khối", N, 8),
            ("Hoạt động an sinh xã hội, từ thiện, nhân đạo", N, 7),
        ],
    ),
    (
        "V. Điểm cộng, điểm trừ",
        [
            ("Được tặng Cờ thi đua, Bằng khen của Chính phủ, Bộ, ngành", B, 10),
            ("Sáng kiến, mô hình hay được công nhận", B, 5),
            ("Chậm nộp báo cáo, không tham gia hoạt động của Khối", D, 5),
            ("Có cán bộ, công chức vi phạm kỷ luật", D, 10),
        ],
    ),
]
