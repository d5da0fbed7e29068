"""The query token a receipt's QR code carries, so that only the paper shows the application on screen.

Receipt numbers are sequential (``<station>-<date>-<seq>``), so a number proves nothing: anyone could type
or guess the next one. Each receipt and progress slip instead carries a fresh token of 144 random bits
(``secrets``); the store keeps only its SHA-256 in ``query_tokens`` (one row per printed token, several per
application: the first receipt, each supplement's receipt, each progress slip), so a copied disk holds
no working QR code. The token has enough entropy that a fast hash is enough: there is nothing to guess.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 18  # 144 bits; URL-safe base64 without padding: 24 characters


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8", "replace")).hexdigest()
