"""The review screen and the receipt as the visitor sees them: the ID number masked on every line of the
review, and the receipt on screen as legible as on paper."""

from __future__ import annotations

from typing import Any

from ui_helpers import Tapper, all_visible_text, fast_to_review

from kiosk.privacy import mask_id_number


def test_the_review_screen_never_shows_the_whole_id_number(win: Any, qtbot: Any, taps: Tapper) -> None:
    review = fast_to_review(win, qtbot)
    identity = win.flow.session.identity
    assert win.flow.form.get("id_number") == identity.id_number  # the form holds it, read from the card
    text = "\n".join(all_visible_text(review))
    assert identity.name in text  # the review shows the answers...
    assert identity.id_number not in text  # ...but no line shows the whole number
    masked = mask_id_number(identity.id_number)
    assert text.count(masked) >= 2  # the header line and the form's answer, masked alike
