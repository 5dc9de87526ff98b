"""``torch.utils.tensorboard``: ``SummaryWriter`` writes TensorBoard event files. As in PyTorch it needs the
``tensorboard`` package (``pip install gradlib[tensorboard]``); without it, importing this module raises the
same ``ModuleNotFoundError`` as PyTorch's (``No module named 'tensorboard'``)."""
import tensorboard

if tuple(int(part) for part in tensorboard.__version__.split(".")[:2] if part.isdigit()) < (1, 15):
    raise ImportError("TensorBoard logging requires TensorBoard version 1.15 or above")

del tensorboard

from tensorboard.summary.writer.record_writer import RecordWriter  # noqa: E402

from .writer import FileWriter, SummaryWriter  # noqa: E402

__all__ = ["FileWriter", "RecordWriter", "SummaryWriter"]
