"""The library's name in the reprs and messages that mirror PyTorch's ``torch.`` text.

``gradlib`` by default (``gradlib.Size([2])``, ``gradlib.float32``, ``gradlib.return_types.max(...)``); ``torch``
while a program runs under ``python -m gradlib.run``, where the program's ``torch`` is gradlib: there it prints as
PyTorch does, so that text a program slices or compares (``str(x.dtype) == "torch.float32"``,
``str(error)[:60]``) is PyTorch's. Classes keep their gradlib ``__module__`` (pickle finds them by it).

>>> import gradlib
>>> from gradlib import _public_name
>>> _public_name.set_name("torch"); print(gradlib.zeros(2).shape, gradlib.float16)
torch.Size([2]) torch.float16
>>> _public_name.set_name("gradlib"); print(gradlib.zeros(2).shape)
gradlib.Size([2])
"""

#: the prefix those reprs start with: "gradlib." or, under the runner, "torch."
PREFIX = "gradlib."


def set_name(name):
    """Print the library as ``name`` ('gradlib' or 'torch') from now on."""
    global PREFIX
    PREFIX = name + "."
