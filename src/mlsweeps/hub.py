"""Is the Hugging Face hub usable right now? Asked before a hub load so that, with no network,
a job fails in seconds with a useful message instead of retrying for a minute."""
from __future__ import annotations

import os
import socket
from urllib.parse import urlparse

__all__ = ["offline_mode", "hub_unreachable"]

_TRUE = {"1", "ON", "YES", "TRUE"}
_PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")


def offline_mode() -> bool:
    """Offline mode as the environment says now (the HF libraries read it only once, at import)."""
    from huggingface_hub import constants

    names = ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE")
    return bool(constants.HF_HUB_OFFLINE) or any(os.environ.get(n, "").upper() in _TRUE for n in names)


def hub_unreachable(timeout: float = 3.0) -> str | None:
    """``None`` when a TCP connection to the hub opens within ``timeout`` seconds, else why not.

    Behind a proxy a direct connection proves nothing, so the probe is skipped there and the
    library's own error decides.
    """
    if any(os.environ.get(v) for v in _PROXY_VARIABLES):
        return None
    from huggingface_hub import constants

    url = urlparse(constants.ENDPOINT)
    host, port = url.hostname or "huggingface.co", url.port or (443 if url.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except OSError as err:
        return f"{host}:{port}: {err}"
