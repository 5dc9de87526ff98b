"""Channel dropout layers: Dropout1d, Dropout2d, Dropout3d (whole channels zeroed while training)."""
from .. import functional as F
from ... import _homes
from .layers import Dropout, _DropoutNd

__all__ = ["Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout", "Dropout"]


class Dropout1d(_DropoutNd):
    """Zero whole channels of (N, C, L) while training. Mirrors ``torch.nn.Dropout1d``."""

    def forward(self, input):
        return F.dropout1d(input, self.p, self.training, self.inplace)


class Dropout2d(_DropoutNd):
    """Zero whole channels of (N, C, H, W) while training. Mirrors ``torch.nn.Dropout2d``.

    >>> import gradlib
    >>> gradlib.nn.Dropout2d(0.2)
    Dropout2d(p=0.2, inplace=False)
    """

    def forward(self, input):
        return F.dropout2d(input, self.p, self.training, self.inplace)


class Dropout3d(_DropoutNd):
    """Zero whole channels of (N, C, D, H, W) while training. Mirrors ``torch.nn.Dropout3d``."""

    def forward(self, input):
        return F.dropout3d(input, self.p, self.training, self.inplace)


class AlphaDropout(_DropoutNd):
    """``F.alpha_dropout`` while training (for SELU networks); identity in eval mode. Mirrors
    ``torch.nn.AlphaDropout``.

    >>> import gradlib
    >>> gradlib.nn.AlphaDropout(0.2)
    AlphaDropout(p=0.2, inplace=False)
    """

    def forward(self, input):
        return F.alpha_dropout(input, self.p, self.training)


class FeatureAlphaDropout(_DropoutNd):
    """``F.feature_alpha_dropout`` while training: whole channels of (N, C, *) at once. Mirrors
    ``torch.nn.FeatureAlphaDropout``."""

    def forward(self, input):
        return F.feature_alpha_dropout(input, self.p, self.training)


_homes.adopt(__name__, Dropout, _DropoutNd)
