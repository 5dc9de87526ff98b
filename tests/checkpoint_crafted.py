"""Crafted checkpoints that ``gradlib.load`` must refuse (with ``CheckpointError``, nothing else).

Built byte by byte, not through ``gradlib.save``, so the same table measures any version of the loader.
``crafted(directory)`` yields (name, path).
"""
import json
import os
import pickle
import struct
import zipfile

MAGIC = b"GRADLIB1"


def pack(header, data=b""):
    """A checkpoint file's bytes: magic, header length, header (a dict, or raw bytes), data."""
    text = header if isinstance(header, bytes) else json.dumps(header).encode()
    return MAGIC + struct.pack("<Q", len(text)) + text + data


def v1_tensor(index, shape, dtype="float32", **extra):
    return {"__tensor__": index, "dtype": dtype, "shape": shape, "device": "cpu", "requires_grad": False,
            "parameter": False, **extra}


def v1(obj, sizes, data=None):
    return pack({"version": 1, "object": obj, "sizes": sizes}, bytes(sum(sizes)) if data is None else data)


def v2_tensor(index, shape, stride, offset=0, dtype="float32", **extra):
    return {"__tensor__": index, "dtype": dtype, "shape": shape, "stride": stride, "offset": offset,
            "requires_grad": False, "parameter": False, **extra}


def v2(obj, sizes, devices=None, data=None):
    storages = [{"nbytes": n, "device": (devices or {}).get(i, "cpu")} for i, n in enumerate(sizes)]
    return pack({"version": 2, "storages": storages, "object": obj}, bytes(sum(sizes)) if data is None else data)


def _dict(**items):
    return {"__dict__": [[k, v] for k, v in items.items()]}


def _deep(levels):
    return pack(b'{"version":1,"sizes":[],"object":' + b"[" * levels + b"]" * levels + b"}")


def _evil_pickle():
    class Evil:
        def __reduce__(self):
            return (os.system, ("true",))
    return pickle.dumps(Evil())


def _zip():
    import io
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("archive/data.pkl", _evil_pickle())
    return buffer.getvalue()


FILES = {
    # the header not checked against the data
    "neighbour bytes (v1: shape larger than its blob)": v1(_dict(a=v1_tensor(0, [8]), b=v1_tensor(1, [4])), [16, 16]),
    "neighbour bytes (v2: offset past its storage)": v2(_dict(a=v2_tensor(0, [4], [1], 16), b=v2_tensor(1, [4], [1])),
                                                        [16, 16]),
    "shape [-1]": v1(_dict(a=v1_tensor(0, [-1])), [16]),
    "shape [-1] (v2)": v2(v2_tensor(0, [-1], [1]), [16]),
    "shape [2**40]": v1(v1_tensor(0, [2 ** 40]), [16]),
    "shape [2**62, 2**62, 0] (v2)": v2(v2_tensor(0, [2 ** 62, 2 ** 62, 0], [1, 1, 1]), [16]),
    "negative tensor index": v1(_dict(a=v1_tensor(-1, [4])), [16]),
    "tensor index past the blobs": v1(_dict(a=v1_tensor(5, [4])), [16]),
    "negative stride reaching before the storage (v2)": v2(v2_tensor(0, [4], [-1], 0), [16]),
    "stride reaching past the storage (v2)": v2(v2_tensor(0, [2, 2], [4, 1]), [16]),
    "misaligned offset (v2)": v2(v2_tensor(0, [1], [1], 2), [16]),
    "negative offset (v2)": v2(v2_tensor(0, [1], [1], -4), [16]),
    "unknown version 99": pack({"version": 99, "object": None, "sizes": []}),
    "version as a string": pack({"version": "1", "object": None, "sizes": []}),
    "version missing": pack({"object": None, "sizes": []}),
    "version true": pack({"version": True, "object": None, "sizes": []}),
    # allocation
    "one blob x 1000 references (v1)": v1([v1_tensor(0, [20000])] * 1000, [80000]),
    "storage never used (v2)": v2(None, [16]),
    "storage sizes past the file (v2)": v2(v2_tensor(0, [4], [1]), [16, 2 ** 62], data=bytes(16)),
    "negative blob size": v1(v1_tensor(0, [0]), [-16], data=b""),
    "float blob size": pack({"version": 1, "object": None, "sizes": [16.0]}, bytes(16)),
    "header length 2**63": MAGIC + struct.pack("<Q", 2 ** 63) + b"{}",
    "header length 0": MAGIC + struct.pack("<Q", 0),
    "trailing bytes": v1(v1_tensor(0, [4]), [16], data=bytes(20)),
    "truncated data": v1(v1_tensor(0, [4]), [16], data=bytes(10)),
    "truncated length field": MAGIC + b"\x05\x00",
    # JSON
    "deep nesting (100000 lists)": _deep(100000),
    "deep nesting (250 lists)": _deep(250),
    "header is a list": pack(b"[1, 2]"),
    "header is a number": pack(b"7"),
    "header is a string": pack(b'"version"'),
    "object missing": pack({"version": 1, "sizes": []}),
    "sizes missing": pack({"version": 1, "object": None}),
    "sizes is a dict": pack({"version": 1, "object": None, "sizes": {"a": 1}}),
    "sizes of strings": pack({"version": 1, "object": None, "sizes": ["16"]}, bytes(16)),
    "storages of ints (v2)": pack({"version": 2, "object": None, "storages": [16]}, bytes(16)),
    "storage device is an int (v2)": pack({"version": 2, "object": v2_tensor(0, [4], [1]),
                                           "storages": [{"nbytes": 16, "device": 0}]}, bytes(16)),
    "storage device 'tpu' (v2)": v2(v2_tensor(0, [4], [1]), [16], devices={0: "tpu"}),
    "storage device 'cuda:٣' (v2)": v2(v2_tensor(0, [4], [1]), [16], devices={0: "cuda:\u0663"}),
    "tensor device 'cuda:-1'": v1(v1_tensor(0, [4], device="cuda:-1"), [16]),
    "tensor device is a list": v1(v1_tensor(0, [4], device=["cpu"]), [16]),
    "dtype object": v1(v1_tensor(0, [2], dtype="object"), [16]),
    "dtype O": v1(v1_tensor(0, [2], dtype="O"), [16]),
    "dtype float128": v1(v1_tensor(0, [1], dtype="float128"), [16]),
    "dtype a list": v1(v1_tensor(0, [4], dtype=["float32"]), [16]),
    "dtype missing": v1({k: v for k, v in v1_tensor(0, [4]).items() if k != "dtype"}, [16]),
    "shape a string": v1(v1_tensor(0, "4"), [16]),
    "shape a dict": v1(v1_tensor(0, {"a": 4}), [16]),
    "shape [true]": v1(v1_tensor(0, [True]), [4]),
    "shape [1.5]": v1(v1_tensor(0, [1.5]), [16]),
    "shape nested": v1(v1_tensor(0, [[4]]), [16]),
    "shape with 100 dims": v1(v1_tensor(0, [1] * 100), [4]),
    "stride shorter than shape (v2)": v2(v2_tensor(0, [2, 2], [2]), [16]),
    "stride of floats (v2)": v2(v2_tensor(0, [4], [1.0]), [16]),
    "tensor index a float": v1(v1_tensor(0.0, [4]), [16]),
    "tensor index true": v1(v1_tensor(True, [4]), [16]),
    "tensor index a string": v1(v1_tensor("0", [4]), [16]),
    "requires_grad on int64": v1(v1_tensor(0, [2], dtype="int64", requires_grad=True), [16]),
    "requires_grad 'yes'": v1(v1_tensor(0, [4], requires_grad="yes"), [16]),
    "parameter 1": v1(v1_tensor(0, [4], parameter=1), [16]),
    "tensor with an unknown field": v1(v1_tensor(0, [4], code="os.system"), [16]),
    "bool tensor holding 2": v1(v1_tensor(0, [4], dtype="bool"), [4], data=b"\x00\x01\x02\x01"),
    "tuple of a dict": pack({"version": 1, "sizes": [], "object": {"__tuple__": {"a": 1}}}),
    "dict of a string": pack({"version": 1, "sizes": [], "object": {"__dict__": "ab"}}),
    "dict pairs of three": pack({"version": 1, "sizes": [], "object": {"__dict__": [[1, 2, 3]]}}),
    "dict pairs not lists": pack({"version": 1, "sizes": [], "object": {"__dict__": [5]}}),
    "dict key an int without 'keys'": pack({"version": 1, "sizes": [], "object": {"__dict__": [[1, 2]]}}),
    "dict key a list (unhashable)": pack({"version": 1, "sizes": [], "object":
                                          {"__dict__": [[[1], 2]], "keys": "encoded"}}),
    "dict key a dict (unhashable)": pack({"version": 1, "sizes": [], "object":
                                          {"__dict__": [[{"__dict__": []}, 2]], "keys": "encoded"}}),
    "dict keys 'raw'": pack({"version": 1, "sizes": [], "object": {"__dict__": [], "keys": "raw"}}),
    "dict 'ordered' false": pack({"version": 1, "sizes": [], "object": {"__dict__": [], "ordered": False}}),
    "dict 'ordered' a string": pack({"version": 1, "sizes": [], "object": {"__dict__": [], "ordered": "yes"}}),
    "tuple with 'ordered'": pack({"version": 1, "sizes": [], "object": {"__tuple__": [], "ordered": True}}),
    "dict with a repeated key": pack({"version": 1, "sizes": [], "object": {"__dict__": [["a", 1], ["a", 2]]}}),
    "__float__ '1.5x'": pack({"version": 1, "sizes": [], "object": {"__float__": "1.5x"}}),
    "__float__ a list": pack({"version": 1, "sizes": [], "object": {"__float__": [1]}}),
    "__dtype__ object": pack({"version": 1, "sizes": [], "object": {"__dtype__": "object"}}),
    "__dtype__ a number": pack({"version": 1, "sizes": [], "object": {"__dtype__": 5}}),
    "__ref__ to a tensor not met yet (v2)": v2([{"__ref__": 0}, v2_tensor(0, [4], [1])], [16]),
    "__ref__ with no tensor (v2)": v2({"__ref__": 0}, []),
    "__ref__ a string (v2)": v2([v2_tensor(0, [4], [1]), {"__ref__": "0"}], [16]),
    "__ref__ in a version 1 file": v1([v1_tensor(0, [4]), {"__ref__": 0}], [16]),
    "unknown tag": pack({"version": 1, "sizes": [], "object": {"__reduce__": ["os", "system"]}}),
    "two tags": pack({"version": 1, "sizes": [], "object": {"__tuple__": [], "__float__": "nan"}}),
    "empty JSON object": pack({"version": 1, "sizes": [], "object": {}}),
    "NaN literal": pack(b'{"version": 1, "sizes": [], "object": NaN}'),
    "Infinity literal": pack(b'{"version": 1, "sizes": [], "object": -Infinity}'),
    "a 5000-digit integer": pack(b'{"version": 1, "sizes": [], "object": ' + b"9" * 5000 + b"}"),
    "repeated header key": pack(b'{"version": 1, "version": 2, "sizes": [], "object": null}'),
    "extra header field": pack({"version": 1, "sizes": [], "object": None, "exec": "x"}),
    "invalid UTF-8": pack(b'{"version": 1, "sizes": [], "object": "\xff\xfe"}'),
    "UTF-8 BOM": pack(b'\xef\xbb\xbf{"version": 1, "sizes": [], "object": null}'),
    "not JSON": pack(b"version=1"),
    "empty header": pack(b""),
    # not a gradlib checkpoint
    "empty file": b"",
    "wrong magic": b"GRADLIB2" + bytes(8),
    "text": b"hello, world",
    "pickle": _evil_pickle(),
    "zip of a pickle (torch.save)": _zip(),
}


def crafted(directory):
    """Write every crafted file (and the special files: a symlink to /dev/zero, a FIFO, a directory) into
    ``directory``; yield (name, path)."""
    for number, (name, data) in enumerate(FILES.items()):
        path = os.path.join(directory, f"crafted-{number}.pt")
        with open(path, "wb") as stream:
            stream.write(data)
        yield name, path
    special = os.path.join(directory, "special")
    os.makedirs(special, exist_ok=True)
    if os.path.exists("/dev/zero"):
        link = os.path.join(special, "zero.pt")
        os.symlink("/dev/zero", link)
        yield "symlink to /dev/zero", link
    if hasattr(os, "mkfifo"):
        fifo = os.path.join(special, "fifo.pt")
        os.mkfifo(fifo)
        yield "FIFO", fifo
    yield "a directory", special
