"""``cupyx.errstate`` / ``seterr`` / ``geterr``: thread-local, ``linalg`` is 'ignore' by default as in CuPy."""
import contextlib
import threading


class _Config(threading.local):
    def __init__(self):
        self.settings = {"divide": None, "over": None, "under": None, "invalid": None, "linalg": "ignore"}


_config = _Config()


def linalg_mode():
    return _config.settings["linalg"]


def geterr():
    return dict(_config.settings)


def seterr(*, divide=None, over=None, under=None, invalid=None, linalg=None):
    old = geterr()
    for key, value in (("divide", divide), ("over", over), ("under", under), ("invalid", invalid),
                       ("linalg", linalg)):
        if value is not None:
            if key == "linalg" and value not in ("ignore", "raise"):
                raise NotImplementedError(f"linalg={value!r} is not supported")
            _config.settings[key] = value
    return old


@contextlib.contextmanager
def errstate(*, divide=None, over=None, under=None, invalid=None, linalg=None):
    old = seterr(divide=divide, over=over, under=under, invalid=invalid, linalg=linalg)
    try:
        yield
    finally:
        _config.settings.clear()
        _config.settings.update(old)
