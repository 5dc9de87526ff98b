# A restricted Boltzmann machine trained with contrastive divergence (Hinton's "A Practical Guide to Training
# RBMs", as the classic PyTorch RBM notebooks write it, e.g. odie2630463/Restricted-Boltzmann-Machines-using-
# pytorch): sample_from_p with torch.bernoulli (F.relu(torch.sign(p - rand))), v_to_h / h_to_v, k-step Gibbs
# sampling, the free energy with F.softplus, the loss as the free-energy difference trained with SGD, on
# synthetic 6x6 bar patterns, then reconstruction error and pattern completion from a half-masked input.
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.autograd import Variable

torch.manual_seed(7)


def make_bars(n, size=6):
    data = torch.zeros(n, size, size)
    horizontal = torch.rand(n) < 0.5
    lines = torch.rand(n, size) < 0.35
    for i in range(n):
        if horizontal[i]:
            data[i][lines[i], :] = 1.0
        else:
            data[i][:, lines[i]] = 1.0
    return data.view(n, -1)


class RBM(nn.Module):
    def __init__(self, n_vis=36, n_hin=24, k=3):
        super(RBM, self).__init__()
        self.W = nn.Parameter(torch.randn(n_hin, n_vis) * 1e-2)
        self.v_bias = nn.Parameter(torch.zeros(n_vis))
        self.h_bias = nn.Parameter(torch.zeros(n_hin))
        self.k = k

    def sample_from_p(self, p):
        return F.relu(torch.sign(p - Variable(torch.rand(p.size()))))

    def v_to_h(self, v):
        p_h = F.sigmoid(F.linear(v, self.W, self.h_bias))
        sample_h = self.sample_from_p(p_h)
        return p_h, sample_h

    def h_to_v(self, h):
        p_v = F.sigmoid(F.linear(h, self.W.t(), self.v_bias))
        sample_v = self.sample_from_p(p_v)
        return p_v, sample_v

    def forward(self, v):
        pre_h1, h1 = self.v_to_h(v)
        h_ = h1
        for _ in range(self.k):
            pre_v_, v_ = self.h_to_v(h_)
            pre_h_, h_ = self.v_to_h(v_)
        return v, v_

    def free_energy(self, v):
        vbias_term = v.mv(self.v_bias)
        wx_b = F.linear(v, self.W, self.h_bias)
        hidden_term = F.softplus(wx_b).sum(dim=1)
        return (-hidden_term - vbias_term).mean()


data = make_bars(256)
print("data", data.shape, "density %.3f" % data.mean().item())
print(data[0].view(6, 6).int())
rbm = RBM()
train_op = optim.SGD(rbm.parameters(), lr=0.1, momentum=0.5)
loader = torch.utils.data.DataLoader(data, batch_size=32, shuffle=True)
for epoch in range(15):
    loss_ = []
    for batch in loader:
        sample_data = batch.bernoulli()
        v, v1 = rbm(sample_data)
        loss = rbm.free_energy(v) - rbm.free_energy(v1.detach())
        loss_.append(loss.item())
        train_op.zero_grad()
        loss.backward()
        train_op.step()
    if epoch % 5 == 4:
        with torch.no_grad():
            p_h, _ = rbm.v_to_h(data)
            p_v, _ = rbm.h_to_v(p_h)
            recon = F.mse_loss(p_v, data).item()
        print("epoch %2d training loss %.4f reconstruction mse %.4f" % (epoch, sum(loss_) / len(loss_), recon))

with torch.no_grad():
    pattern = data[3].clone()
    masked = pattern.clone().view(6, 6)
    masked[3:, :] = 0.5
    v = masked.view(1, -1)
    for _ in range(20):
        p_h, h = rbm.v_to_h(v)
        p_v, _ = rbm.h_to_v(p_h)
        v = torch.where(torch.arange(36) < 18, pattern, p_v.view(-1)).view(1, -1)
    print("original\n", pattern.view(6, 6).int())
    print("completed\n", (v.view(6, 6) > 0.5).int())
    print("free energy of data %.3f of noise %.3f" % (rbm.free_energy(data).item(),
                                                      rbm.free_energy(torch.rand(256, 36).round()).item()))
print("W", rbm.W.shape, "norm %.3f" % rbm.W.norm().item())
