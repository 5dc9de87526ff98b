"""The Summary protocol buffers that ``SummaryWriter`` writes (scalars, histograms, images, text, hparams), built
from host values with tensorboard's own protobuf classes, as ``torch.utils.tensorboard.summary``."""
import struct
import zlib

import numpy as np
from google.protobuf import struct_pb2
from tensorboard.compat.proto.summary_pb2 import HistogramProto, Summary, SummaryMetadata
from tensorboard.compat.proto.tensor_pb2 import TensorProto
from tensorboard.compat.proto.tensor_shape_pb2 import TensorShapeProto
from tensorboard.plugins.hparams import api_pb2, metadata as hparams_metadata, plugin_data_pb2
from tensorboard.plugins.text.plugin_data_pb2 import TextPluginData

from ... import _tensor

__all__ = ["scalar", "histogram", "image", "text", "hparams", "make_np"]


def make_np(x):
    """A host NumPy array of ``x`` (a Tensor is copied to the host: this is a user-facing export, like
    PyTorch's ``.cpu().numpy()``; a Python number becomes a 1-element array)."""
    if isinstance(x, _tensor.Tensor):
        return x.detach().cpu().numpy()
    if isinstance(x, np.ndarray):
        return x
    if np.isscalar(x):
        return np.array([x])
    raise NotImplementedError(f"Got {type(x)}, but numpy array or torch tensor are expected.")


def scalar(name, tensor, collections=None, new_style=False, double_precision=False):
    value = make_np(tensor).squeeze()
    if value.ndim != 0:
        raise AssertionError(f"Tensor should contain one element (0 dimensions). Was given size: "
                             f"{value.size} and {value.ndim} dimensions.")
    value = float(value)
    if not new_style:
        return Summary(value=[Summary.Value(tag=name, simple_value=value)])
    plugin = SummaryMetadata.PluginData(plugin_name="scalars")
    tensor_proto = TensorProto(double_val=[value], dtype="DT_DOUBLE", tensor_shape=TensorShapeProto()) \
        if double_precision else TensorProto(float_val=[value], dtype="DT_FLOAT", tensor_shape=TensorShapeProto())
    return Summary(value=[Summary.Value(tag=name, tensor=tensor_proto,
                                        metadata=SummaryMetadata(plugin_data=plugin))])


def _tensorflow_bins():
    """TensorFlow's histogram bucket edges: ±1e-12 growing by 10% to ±1e20, and 0."""
    value = 1e-12
    positive = []
    while value < 1e20:
        positive.append(value)
        value *= 1.1
    return [-edge for edge in reversed(positive)] + [0] + positive


def histogram(name, values, bins, max_bins=None):
    values = make_np(values).astype(float).reshape(-1)
    if bins == "tensorflow":
        bins = _tensorflow_bins()
    counts, limits = np.histogram(values, bins=bins)
    if max_bins is not None and len(counts) > max_bins:
        subsampling = len(counts) // max_bins
        remainder = len(counts) % subsampling
        if remainder:
            counts = np.pad(counts, (0, subsampling - remainder), constant_values=0)
        counts = counts.reshape(-1, subsampling).sum(axis=-1)
        new_limits = np.empty((counts.size + 1,), limits.dtype)
        new_limits[:-1] = limits[:-1:subsampling]
        new_limits[-1] = limits[-1]
        limits = new_limits
    # keep the buckets from the first to the last non-empty one (and an empty one before, as TensorFlow)
    cumulative = np.cumsum(np.greater(counts, 0))
    start, end = np.searchsorted(cumulative, [0, cumulative[-1] - 1], side="right")
    start, end = int(start), int(end) + 1
    counts = counts[start - 1:end] if start > 0 else np.concatenate([[0], counts[:end]])
    limits = limits[start:end + 1]
    if counts.size == 0 or limits.size == 0:
        raise ValueError("The histogram is empty, please file a bug report.")
    proto = HistogramProto(min=values.min(), max=values.max(), num=len(values), sum=values.sum(),
                           sum_squares=values.dot(values), bucket_limit=limits.tolist(), bucket=counts.tolist())
    return Summary(value=[Summary.Value(tag=name, histo=proto)])


def _png(hwc):
    """PNG bytes of an HWC uint8 array (1, 3 or 4 channels), written with zlib (no imaging library needed)."""
    height, width, channels = hwc.shape
    color_type = {1: 0, 3: 2, 4: 6}[channels]
    raw = b"".join(b"\x00" + hwc[row].tobytes() for row in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def convert_to_hwc(array, dataformats):
    """An image array in ``dataformats`` (CHW, HWC, HW, NCHW...) as HWC (a batch is tiled into a grid)."""
    dataformats = dataformats.upper()
    if len(set(dataformats)) != len(dataformats):
        raise AssertionError(f"You can not use the same dimension shordhand twice.         input_format: "
                             f"{dataformats}")
    if array.ndim != len(dataformats):
        raise AssertionError(f"size of input tensor and input format are different.         tensor shape: "
                             f"{array.shape}, input_format: {dataformats}")
    if len(dataformats) == 4:
        array = array.transpose([dataformats.index(c) for c in "NCHW"])
        count, channels, height, width = array.shape
        if channels == 1:
            array = np.concatenate([array, array, array], 1)
            channels = 3
        columns = min(count, 8)
        rows = int(np.ceil(count / columns))
        canvas = np.zeros((channels, height * rows, width * columns), dtype=array.dtype)
        for index in range(count):
            row, column = divmod(index, columns)
            canvas[:, row * height:(row + 1) * height, column * width:(column + 1) * width] = array[index]
        return canvas.transpose(1, 2, 0)
    if len(dataformats) == 3:
        array = array.transpose([dataformats.index(c) for c in "HWC"])
        return np.concatenate([array, array, array], 2) if array.shape[2] == 1 else array
    array = array.transpose([dataformats.index(c) for c in "HW"])
    return np.stack([array, array, array], 2)


def image(tag, tensor, rescale=1, dataformats="NCHW"):
    array = convert_to_hwc(make_np(tensor), dataformats)
    scale = 1 if array.dtype == np.uint8 else 255.0  # floats are in [0, 1]
    array = np.clip(array.astype(np.float32) * scale, 0, 255).astype(np.uint8)
    height, width, channels = array.shape
    encoded = Summary.Image(height=height, width=width, colorspace=channels, encoded_image_string=_png(array))
    return Summary(value=[Summary.Value(tag=tag, image=encoded)])


def text(tag, text):
    plugin = SummaryMetadata.PluginData(plugin_name="text", content=TextPluginData(version=0).SerializeToString())
    tensor = TensorProto(dtype="DT_STRING", string_val=[text.encode(encoding="utf_8")],
                         tensor_shape=TensorShapeProto(dim=[TensorShapeProto.Dim(size=1)]))
    return Summary(value=[Summary.Value(tag=tag + "/text_summary", metadata=SummaryMetadata(plugin_data=plugin),
                                        tensor=tensor)])


def _hparams_summary(tag, **content):
    data = plugin_data_pb2.HParamsPluginData(version=hparams_metadata.PLUGIN_DATA_VERSION, **content)
    plugin = SummaryMetadata.PluginData(plugin_name=hparams_metadata.PLUGIN_NAME, content=data.SerializeToString())
    return Summary(value=[Summary.Value(tag=tag, metadata=SummaryMetadata(plugin_data=plugin))])


def hparams(hparam_dict=None, metric_dict=None, hparam_domain_discrete=None):
    """The three summaries of the hparams plugin: the experiment (names and types of the hyperparameters and
    metrics), the session start (their values) and the session end."""
    if not isinstance(hparam_dict, dict):
        raise TypeError("parameter: hparam_dict should be a dictionary, nothing logged.")
    if not isinstance(metric_dict, dict):
        raise TypeError("parameter: metric_dict should be a dictionary, nothing logged.")
    hparam_domain_discrete = hparam_domain_discrete or {}
    if not isinstance(hparam_domain_discrete, dict):
        raise TypeError("parameter: hparam_domain_discrete should be a dictionary, nothing logged.")
    for key, values in hparam_domain_discrete.items():
        if key not in hparam_dict or not isinstance(values, list) or not all(
                isinstance(value, type(hparam_dict[key])) for value in values):
            raise TypeError(f"parameter: hparam_domain_discrete[{key}] should be a list of same type as "
                            f"hparam_dict[{key}].")
    infos = []
    start = plugin_data_pb2.SessionStartInfo()
    for key, value in hparam_dict.items():
        if value is None:
            continue
        if isinstance(value, _tensor.Tensor):
            value = float(make_np(value).reshape(-1)[0])
        if isinstance(value, (int, float)):
            start.hparams[key].number_value = value
            kind, field = "DATA_TYPE_FLOAT64", "number_value"
        elif isinstance(value, str):
            start.hparams[key].string_value = value
            kind, field = "DATA_TYPE_STRING", "string_value"
        else:
            raise ValueError("value should be one of int, float, str, bool, or torch.Tensor")
        domain = None
        if key in hparam_domain_discrete:
            domain = struct_pb2.ListValue(values=[struct_pb2.Value(**{field: d}) for d in hparam_domain_discrete[key]])
        infos.append(api_pb2.HParamInfo(name=key, type=api_pb2.DataType.Value(kind), domain_discrete=domain))
    metrics = [api_pb2.MetricInfo(name=api_pb2.MetricName(tag=key)) for key in metric_dict]
    experiment = api_pb2.Experiment(hparam_infos=infos, metric_infos=metrics)
    end = plugin_data_pb2.SessionEndInfo(status=api_pb2.Status.Value("STATUS_SUCCESS"))
    return (_hparams_summary(hparams_metadata.EXPERIMENT_TAG, experiment=experiment),
            _hparams_summary(hparams_metadata.SESSION_START_INFO_TAG, session_start_info=start),
            _hparams_summary(hparams_metadata.SESSION_END_INFO_TAG, session_end_info=end))
