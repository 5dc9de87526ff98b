"""``torch.utils.data._utils``: the package of the DataLoader's helpers that programs import from (``from
torch.utils.data._utils.collate import default_collate``); here it holds ``collate``
(``gradlib/utils/data/collate.py``).

>>> from gradlib.utils.data._utils.collate import default_collate
>>> default_collate([(1, 2.5), (3, 4.5)])
[tensor([1, 3]), tensor([2.5000, 4.5000], dtype=gradlib.float64)]
"""
from . import collate

__all__ = ["collate"]
