"""QR codes as small PNG images for the printed sheets (access codes, committee cards)."""

from io import BytesIO

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def qr_png(text: str) -> BytesIO:
    # box_size 4 keeps the PNG tiny; the PDF scales it without smoothing, so modules stay sharp.
    # border 4 is the quiet zone scanners need, kept inside the image so a tight cut cannot lose it.
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=4, border=4)
    qr.add_data(text)
    qr.make(fit=True)
    buffer = BytesIO()
    qr.make_image().save(buffer, format="PNG")
    buffer.seek(0)
    return buffer
