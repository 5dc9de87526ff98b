"""Public homes of classes: the module PyTorch names a class by (``print(type(x))``, pickle, ``__module__``).

PyTorch defines ``Linear`` in ``torch.nn.modules.linear`` and prints ``<class 'torch.nn.modules.linear.Linear'>``;
gradlib groups several layers in one file (``gradlib/nn/modules/layers.py``). The module at PyTorch's path
(``gradlib/nn/modules/linear.py``) imports the classes that live there in PyTorch and claims them with
``adopt(__name__, Linear, ...)``, so that ``Linear.__module__ == "gradlib.nn.modules.linear"``: the class prints
as PyTorch's does (torch read as gradlib), and ``pickle`` (which finds a class by ``__module__`` and
``__qualname__``) finds it there, under ``python -m gradlib.run`` too (``torch.nn.modules.linear`` is that module).
A package's ``__init__`` imports its home modules, so the names are set once ``import gradlib`` returns.

>>> import gradlib
>>> gradlib.nn.Linear
<class 'gradlib.nn.modules.linear.Linear'>
"""
import sys

__all__ = ["adopt"]


def adopt(module_name, *classes):
    """Make ``module_name`` (an imported module that holds each class under its own name) their public home.

    Raises ``ValueError`` if the module does not hold a class under its ``__qualname__`` (pickle would fail).
    """
    module = sys.modules[module_name]
    for cls in classes:
        if getattr(module, cls.__qualname__, None) is not cls:
            raise ValueError(f"{module_name} does not hold {cls.__qualname__}")
        cls.__module__ = module_name
