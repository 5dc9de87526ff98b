# locuslab/TCN ("An Empirical Evaluation of Generic Convolutional and Recurrent Networks for Sequence Modeling"):
# Chomp1d, TemporalBlock with weight_norm'ed dilated causal Conv1d layers (torch.nn.utils.weight_norm, its
# weight_g / weight_v parameters, and the newer parametrizations.weight_norm with original0 / original1),
# init_weights with normal_(0, 0.01), the 1x1 downsample residual, TemporalConvNet, and the adding problem
# (data_generator, Adam, clip_grad_norm_, MSE) with the causality of the network checked by a gradient.
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.nn.utils import weight_norm
from torch.nn.utils import parametrizations


class Chomp1d(nn.Module):
    def __init__(self, chomp_size):
        super(Chomp1d, self).__init__()
        self.chomp_size = chomp_size

    def forward(self, x):
        return x[:, :, :-self.chomp_size].contiguous()


class TemporalBlock(nn.Module):
    def __init__(self, n_inputs, n_outputs, kernel_size, stride, dilation, padding, dropout=0.2):
        super(TemporalBlock, self).__init__()
        self.conv1 = weight_norm(nn.Conv1d(n_inputs, n_outputs, kernel_size, stride=stride, padding=padding,
                                           dilation=dilation))
        self.chomp1 = Chomp1d(padding)
        self.relu1 = nn.ReLU()
        self.dropout1 = nn.Dropout(dropout)
        self.conv2 = weight_norm(nn.Conv1d(n_outputs, n_outputs, kernel_size, stride=stride, padding=padding,
                                           dilation=dilation))
        self.chomp2 = Chomp1d(padding)
        self.relu2 = nn.ReLU()
        self.dropout2 = nn.Dropout(dropout)
        self.net = nn.Sequential(self.conv1, self.chomp1, self.relu1, self.dropout1,
                                 self.conv2, self.chomp2, self.relu2, self.dropout2)
        self.downsample = nn.Conv1d(n_inputs, n_outputs, 1) if n_inputs != n_outputs else None
        self.relu = nn.ReLU()
        self.init_weights()

    def init_weights(self):
        self.conv1.weight.data.normal_(0, 0.01)
        self.conv2.weight.data.normal_(0, 0.01)
        if self.downsample is not None:
            self.downsample.weight.data.normal_(0, 0.01)

    def forward(self, x):
        out = self.net(x)
        res = x if self.downsample is None else self.downsample(x)
        return self.relu(out + res)


class TemporalConvNet(nn.Module):
    def __init__(self, num_inputs, num_channels, kernel_size=2, dropout=0.2):
        super(TemporalConvNet, self).__init__()
        layers = []
        num_levels = len(num_channels)
        for i in range(num_levels):
            dilation_size = 2 ** i
            in_channels = num_inputs if i == 0 else num_channels[i - 1]
            out_channels = num_channels[i]
            layers += [TemporalBlock(in_channels, out_channels, kernel_size, stride=1, dilation=dilation_size,
                                     padding=(kernel_size - 1) * dilation_size, dropout=dropout)]
        self.network = nn.Sequential(*layers)

    def forward(self, x):
        return self.network(x)


class TCN(nn.Module):
    def __init__(self, input_size, output_size, num_channels, kernel_size, dropout):
        super(TCN, self).__init__()
        self.tcn = TemporalConvNet(input_size, num_channels, kernel_size=kernel_size, dropout=dropout)
        self.linear = nn.Linear(num_channels[-1], output_size)
        self.init_weights()

    def init_weights(self):
        self.linear.weight.data.normal_(0, 0.01)

    def forward(self, x):
        y1 = self.tcn(x)
        return self.linear(y1[:, :, -1])


def data_generator(N, seq_length):
    X_num = torch.rand([N, 1, seq_length])
    X_mask = torch.zeros([N, 1, seq_length])
    Y = torch.zeros([N, 1])
    for i in range(N):
        positions = torch.randperm(seq_length)[:2]
        X_mask[i, 0, positions[0]] = 1
        X_mask[i, 0, positions[1]] = 1
        Y[i, 0] = X_num[i, 0, positions[0]] + X_num[i, 0, positions[1]]
    X = torch.cat((X_num, X_mask), dim=1)
    return X, Y


# weight_norm on its own
torch.manual_seed(0)
m = weight_norm(nn.Linear(4, 3))
print([n for n, _ in m.named_parameters()])
print(m.weight_g.shape, m.weight_v.shape, torch.allclose(m.weight_g.squeeze(), m.weight_v.norm(dim=1)))
with torch.no_grad():
    m.weight_g.mul_(2)
out = m(torch.ones(1, 4))
print(torch.allclose(m.weight.norm(dim=1), 2 * m.weight_v.norm(dim=1)), out.shape)
c = weight_norm(nn.Conv1d(2, 5, 3), name='weight', dim=0)
print(c.weight_g.shape, c.weight_v.shape)
torch.nn.utils.remove_weight_norm(c)
print([n for n, _ in c.named_parameters()])
p = parametrizations.weight_norm(nn.Linear(4, 3))
print([n for n, _ in p.named_parameters()])
print(p.parametrizations.weight.original0.shape, p.parametrizations.weight.original1.shape)
print(type(p).__name__, torch.nn.utils.parametrize.is_parametrized(p, "weight"))
loss = p(torch.ones(2, 4)).sum()
loss.backward()
print(p.parametrizations.weight.original0.grad.shape, p.parametrizations.weight.original1.grad.shape)

torch.manual_seed(1111)
seq_length = 40
X_train, Y_train = data_generator(320, seq_length)
X_test, Y_test = data_generator(80, seq_length)
print(X_train.shape, Y_train.shape, X_train[:, 1].sum(1).unique().tolist())
channel_sizes = [16] * 4
model = TCN(2, 1, channel_sizes, kernel_size=4, dropout=0.0)
print(model.tcn.network[0])
print(sum(p.numel() for p in model.parameters()))
receptive = 1 + 2 * (4 - 1) * sum(2 ** i for i in range(4))
print("receptive field", receptive)

# causality: the output at time t depends on inputs up to t only
x = torch.randn(1, 2, seq_length, requires_grad=True)
y = model.tcn(x)
y[0, :, 20].sum().backward()
dep = x.grad.abs().sum(1)[0] > 0
print(dep[:21].sum().item(), dep[21:].any().item())

lr = 4e-3
optimizer = getattr(optim, 'Adam')(model.parameters(), lr=lr)
batch_size = 32


def evaluate():
    model.eval()
    with torch.no_grad():
        output = model(X_test)
        test_loss = F.mse_loss(output, Y_test)
        return test_loss.item()


for ep in range(1, 5):
    model.train()
    total_loss = 0
    for i in range(0, X_train.size(0), batch_size):
        if i + batch_size > X_train.size(0):
            x, y = X_train[i:], Y_train[i:]
        else:
            x, y = X_train[i:(i + batch_size)], Y_train[i:(i + batch_size)]
        optimizer.zero_grad()
        output = model(x)
        loss = F.mse_loss(output, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        total_loss += loss.item()
    print('Epoch {:2d} | lr {:.5f} | train loss {:.6f} | test loss {:.6f}'.format(
        ep, lr, total_loss / (X_train.size(0) // batch_size), evaluate()))
