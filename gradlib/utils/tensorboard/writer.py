"""``SummaryWriter``: log scalars, histograms, images, text and hyperparameters to TensorBoard event files,
as ``torch.utils.tensorboard.SummaryWriter`` (the files are written by tensorboard's own EventFileWriter)."""
import os
import socket
import time
from datetime import datetime

from tensorboard.compat.proto import event_pb2
from tensorboard.summary.writer.event_file_writer import EventFileWriter

from . import summary

__all__ = ["FileWriter", "SummaryWriter"]


class FileWriter:
    """Writes Event protocol buffers to one event file in ``log_dir`` (asynchronously; ``flush`` and ``close``
    wait for the file)."""

    def __init__(self, log_dir, max_queue=10, flush_secs=120, filename_suffix=""):
        log_dir = str(log_dir)
        self.event_writer = EventFileWriter(log_dir, max_queue, flush_secs, filename_suffix)

    def get_logdir(self):
        return self.event_writer.get_logdir()

    def add_event(self, event, step=None, walltime=None):
        event.wall_time = time.time() if walltime is None else walltime
        if step is not None:
            event.step = int(step)
        self.event_writer.add_event(event)

    def add_summary(self, summary, global_step=None, walltime=None):
        self.add_event(event_pb2.Event(summary=summary), global_step, walltime)

    def flush(self):
        self.event_writer.flush()

    def close(self):
        self.event_writer.close()

    def reopen(self):
        self.event_writer.reopen()


class SummaryWriter:
    """Write TensorBoard logs to ``log_dir`` (default ``runs/<Mon>DD_HH-MM-SS_<host><comment>``): ``add_scalar``,
    ``add_scalars`` (one sub-run per key), ``add_histogram``, ``add_image`` / ``add_images``, ``add_text``,
    ``add_hparams``, ``flush``, ``close`` (also a context manager). Tensors are copied to the host (the values
    are written to a file). ``add_graph`` is not available: PyTorch's traces the model with TorchScript, which
    gradlib does not have. Mirrors ``torch.utils.tensorboard.SummaryWriter``.

    >>> import tempfile, gradlib
    >>> from gradlib.utils.tensorboard import SummaryWriter
    >>> with SummaryWriter(tempfile.mkdtemp()) as writer:
    ...     writer.add_scalar("loss", gradlib.tensor(0.5), 0)
    """

    def __init__(self, log_dir=None, comment="", purge_step=None, max_queue=10, flush_secs=120,
                 filename_suffix=""):
        if not log_dir:
            current_time = datetime.now().strftime("%b%d_%H-%M-%S")
            log_dir = os.path.join("runs", current_time + "_" + socket.gethostname() + comment)
        self.log_dir = str(log_dir)
        self.purge_step = purge_step
        self.max_queue = max_queue
        self.flush_secs = flush_secs
        self.filename_suffix = filename_suffix
        self.file_writer = None
        self.all_writers = None
        self._get_file_writer()

    def _get_file_writer(self):
        if self.all_writers is None or self.file_writer is None:
            self.file_writer = FileWriter(self.log_dir, self.max_queue, self.flush_secs, self.filename_suffix)
            self.all_writers = {self.file_writer.get_logdir(): self.file_writer}
            if self.purge_step is not None:
                most_recent_step = self.purge_step
                self.file_writer.add_event(event_pb2.Event(step=most_recent_step, file_version="brain.Event:2"))
                self.file_writer.add_event(event_pb2.Event(step=most_recent_step, session_log=event_pb2.SessionLog(
                    status=event_pb2.SessionLog.START)))
                self.purge_step = None
        return self.file_writer

    def get_logdir(self):
        """The directory the event files go to."""
        return self.log_dir

    def add_scalar(self, tag, scalar_value, global_step=None, walltime=None, new_style=False,
                   double_precision=False):
        """Log one number (a Python number or a one-element tensor) under ``tag`` at ``global_step``."""
        self._get_file_writer().add_summary(summary.scalar(tag, scalar_value, new_style=new_style,
                                                           double_precision=double_precision),
                                            global_step, walltime)

    def add_scalars(self, main_tag, tag_scalar_dict, global_step=None, walltime=None):
        """Log several numbers on one chart: each key goes to the sub-run ``log_dir/<main_tag>_<key>`` under the
        tag ``main_tag``."""
        walltime = time.time() if walltime is None else walltime
        log_dir = self._get_file_writer().get_logdir()
        for tag, scalar_value in tag_scalar_dict.items():
            path = log_dir + "/" + main_tag.replace("/", "_") + "_" + tag
            writer = self.all_writers.get(path)
            if writer is None:
                writer = FileWriter(path, self.max_queue, self.flush_secs, self.filename_suffix)
                self.all_writers[path] = writer
            writer.add_summary(summary.scalar(main_tag, scalar_value), global_step, walltime)

    def add_histogram(self, tag, values, global_step=None, bins="tensorflow", walltime=None, max_bins=None):
        """Log the distribution of ``values`` (TensorFlow's buckets by default, or ``numpy.histogram``'s
        ``bins``: a count, edges or a rule such as ``'auto'``)."""
        self._get_file_writer().add_summary(summary.histogram(tag, values, bins, max_bins=max_bins),
                                            global_step, walltime)

    def add_image(self, tag, img_tensor, global_step=None, walltime=None, dataformats="CHW"):
        """Log an image: a float tensor in [0, 1] or uint8, ``dataformats`` CHW (default), HWC or HW; written as
        PNG."""
        self._get_file_writer().add_summary(summary.image(tag, img_tensor, dataformats=dataformats),
                                            global_step, walltime)

    def add_images(self, tag, img_tensor, global_step=None, walltime=None, dataformats="NCHW"):
        """Log a batch of images (NCHW by default) tiled into one grid image."""
        self._get_file_writer().add_summary(summary.image(tag, img_tensor, dataformats=dataformats),
                                            global_step, walltime)

    def add_text(self, tag, text_string, global_step=None, walltime=None):
        """Log a string (Markdown) under ``tag`` (stored as ``<tag>/text_summary``)."""
        self._get_file_writer().add_summary(summary.text(tag, text_string), global_step, walltime)

    def add_hparams(self, hparam_dict, metric_dict, hparam_domain_discrete=None, run_name=None, global_step=None):
        """Log one run's hyperparameters and final metrics for TensorBoard's HParams tab (in the sub-run
        ``run_name``, default the current time)."""
        if type(hparam_dict) is not dict or type(metric_dict) is not dict:
            raise TypeError("hparam_dict and metric_dict should be dictionary.")
        experiment, start, end = summary.hparams(hparam_dict, metric_dict, hparam_domain_discrete)
        if not run_name:
            run_name = str(time.time())
        log_dir = os.path.join(self._get_file_writer().get_logdir(), run_name)
        with SummaryWriter(log_dir=log_dir) as writer:
            writer.file_writer.add_summary(experiment, global_step)
            writer.file_writer.add_summary(start, global_step)
            writer.file_writer.add_summary(end, global_step)
            for key, value in metric_dict.items():
                writer.add_scalar(key, value, global_step)

    def flush(self):
        """Write what is queued to the event files now."""
        if self.all_writers is None:
            return
        for writer in self.all_writers.values():
            writer.flush()

    def close(self):
        """Flush and close every event file (a later add_* opens new ones)."""
        if self.all_writers is None:
            return
        for writer in self.all_writers.values():
            writer.flush()
            writer.close()
        self.file_writer = self.all_writers = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback_):
        self.close()
