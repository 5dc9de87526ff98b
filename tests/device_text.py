"""Printed tensors on the GPU under test, made comparable with PyTorch's CPU recordings. A tensor on a GPU that
is not the current one prints ``device='cuda:N'`` even when that GPU is the default device (as in PyTorch), and
the longer line may wrap."""
import re

import gradlib


def device_name(device):
    """The device under test as tensors print it ('cuda' names the current GPU)."""
    return str(gradlib.empty(0, device=device).device)


def without_device_suffix(text, device):
    """``text`` without the ``device='...'`` suffix of ``device``'s tensors, and without the line breaks it caused."""
    quoted = re.escape(f"device='{device_name(device)}'")
    text = re.sub(rf"(\n *){quoted}, ", r"\1", text)  # a sparse tensor's suffixes: the device first on their line
    text = re.sub(rf",\n *{quoted}", "", text)     # the suffix wrapped onto a line of its own
    text = re.sub(rf", {quoted},\n *", ", ", text)  # the suffix pushed the next one onto a new line
    return re.sub(rf", {quoted}", "", text)
