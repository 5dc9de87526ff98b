"""``gradlib.nn``: modules, layers, losses, initializers and the functional API."""
from . import common_types, functional, init, parallel, utils
from .modules.activation import (CELU, ELU, GELU, GLU, Hardshrink, Hardsigmoid, Hardswish, Hardtanh, LeakyReLU,
                                 LogSigmoid, LogSoftmax, Mish, PReLU, ReLU, ReLU6, RReLU, SELU, Sigmoid, SiLU, Softmax,
                                 Softmax2d, Softmin, Softplus, Softshrink, Softsign, Tanh, Tanhshrink, Threshold)
from .modules.loss import (BCELoss, BCEWithLogitsLoss, CosineEmbeddingLoss, CTCLoss, CrossEntropyLoss, GaussianNLLLoss,
                           HingeEmbeddingLoss, HuberLoss, KLDivLoss, L1Loss, MarginRankingLoss, MSELoss,
                           MultiLabelMarginLoss, MultiLabelSoftMarginLoss, MultiMarginLoss, NLLLoss, PoissonNLLLoss,
                           SmoothL1Loss, SoftMarginLoss, TripletMarginLoss,
                           TripletMarginWithDistanceLoss)
from .modules.container import ModuleDict, ModuleList, ParameterDict, ParameterList, Sequential
from .modules.distance import CosineSimilarity, PairwiseDistance
from .modules.dropout import AlphaDropout, Dropout1d, Dropout2d, Dropout3d, FeatureAlphaDropout
from .modules.layers import (BatchNorm1d, BatchNorm2d, BatchNorm3d, Bilinear,
                             ChannelShuffle, Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d, Dropout, Embedding,
                             EmbeddingBag, Flatten, Fold, GroupNorm, Identity, InstanceNorm1d, InstanceNorm2d,
                             InstanceNorm3d, LayerNorm, Linear, LocalResponseNorm, Unflatten, Unfold)
from .modules.lazy import (LazyBatchNorm1d, LazyBatchNorm2d, LazyConv1d, LazyConv2d, LazyConvTranspose1d,
                           LazyConvTranspose2d, LazyLinear)
from .modules.adaptive import AdaptiveLogSoftmaxWithLoss
from .modules.module import Module
from .modules.normalization import RMSNorm
from .modules.sampling import PixelShuffle, PixelUnshuffle, Upsample, UpsamplingBilinear2d, UpsamplingNearest2d
from .modules.padding import (CircularPad1d, CircularPad2d, CircularPad3d, ConstantPad1d, ConstantPad2d,
                              ConstantPad3d, ReflectionPad1d, ReflectionPad2d, ReflectionPad3d, ReplicationPad1d,
                              ReplicationPad2d, ReplicationPad3d, ZeroPad1d, ZeroPad2d, ZeroPad3d)
from .modules.pooling import (AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d, AvgPool1d, AvgPool2d, AvgPool3d,
                              MaxPool1d, MaxPool2d, MaxPool3d)
from .modules.pooling_more import (AdaptiveMaxPool1d, AdaptiveMaxPool2d, AdaptiveMaxPool3d, LPPool1d, LPPool2d,
                                   LPPool3d, MaxUnpool1d, MaxUnpool2d, MaxUnpool3d)
from .modules.conv3d import Conv3d, ConvTranspose3d
from .modules.rnn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNBase, RNNCell, RNNCellBase
from .modules.transformer import (MultiheadAttention, Transformer, TransformerDecoder, TransformerDecoderLayer,
                                  TransformerEncoder, TransformerEncoderLayer)
from .parallel import DataParallel
from .parameter import Buffer, Parameter, UninitializedBuffer, UninitializedParameter
from .utils import parametrizations, parametrize  # noqa: F401 (after .modules: their classes are Modules)
