"""The text a person reads on a PDF the application printed."""

import io

from pypdf import PdfReader


def pdf_pages_text(content: bytes) -> list[str]:
    """The text of each page, in reading order, lines joined by spaces
    (fpdf2 breaks long labels over several lines)."""
    reader = PdfReader(io.BytesIO(content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]
