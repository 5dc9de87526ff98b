# "Generative Adversarial Networks (GANs) in 50 lines of code (PyTorch)" (Dev Nag's gan_pytorch.py): a
# generator mapping uniform noise to samples of N(4, 1.25), a discriminator that sees the first four moments
# of a batch (decorate_with_diffs / preprocess with torch.cat of mean-differences), BCELoss, SGD with momentum,
# alternating d_steps/g_steps with .detach() of the fake data, and stats of the generated distribution.
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

data_mean = 4
data_stddev = 1.25
g_input_size = 1
g_hidden_size = 5
g_output_size = 1
d_input_size = 100
d_hidden_size = 10
d_output_size = 1
minibatch_size = d_input_size
d_learning_rate = 1e-3
g_learning_rate = 1e-3
sgd_momentum = 0.9
num_epochs = 30
print_interval = 10
d_steps = 10
g_steps = 10

torch.manual_seed(0)
np.random.seed(0)


def get_distribution_sampler(mu, sigma):
    return lambda n: torch.Tensor(np.random.normal(mu, sigma, (1, n)))


def get_generator_input_sampler():
    return lambda m, n: torch.rand(m, n)


def get_moments(d):
    mean = torch.mean(d)
    diffs = d - mean
    var = torch.mean(torch.pow(diffs, 2.0))
    std = torch.pow(var, 0.5)
    zscores = diffs / std
    skews = torch.mean(torch.pow(zscores, 3.0))
    kurtoses = torch.mean(torch.pow(zscores, 4.0)) - 3.0
    final = torch.cat((mean.reshape(1, ), std.reshape(1, ), skews.reshape(1, ), kurtoses.reshape(1, )))
    return final


class Generator(nn.Module):
    def __init__(self, input_size, hidden_size, output_size, f):
        super(Generator, self).__init__()
        self.map1 = nn.Linear(input_size, hidden_size)
        self.map2 = nn.Linear(hidden_size, hidden_size)
        self.map3 = nn.Linear(hidden_size, output_size)
        self.f = f

    def forward(self, x):
        x = self.map1(x)
        x = self.f(x)
        x = self.map2(x)
        x = self.f(x)
        x = self.map3(x)
        return x


class Discriminator(nn.Module):
    def __init__(self, input_size, hidden_size, output_size, f):
        super(Discriminator, self).__init__()
        self.map1 = nn.Linear(input_size, hidden_size)
        self.map2 = nn.Linear(hidden_size, hidden_size)
        self.map3 = nn.Linear(hidden_size, output_size)
        self.f = f

    def forward(self, x):
        x = self.f(self.map1(x))
        x = self.f(self.map2(x))
        return self.f(self.map3(x))


def extract(v):
    return v.data.storage().tolist()


def stats(d):
    return [np.mean(d), np.std(d)]


preprocess, d_input_func = (lambda data: get_moments(data)), (lambda x: 4)
d_sampler = get_distribution_sampler(data_mean, data_stddev)
gi_sampler = get_generator_input_sampler()
G = Generator(input_size=g_input_size, hidden_size=g_hidden_size, output_size=g_output_size, f=torch.tanh)
D = Discriminator(input_size=d_input_func(d_input_size), hidden_size=d_hidden_size, output_size=d_output_size,
                  f=torch.sigmoid)
criterion = nn.BCELoss()
d_optimizer = optim.SGD(D.parameters(), lr=d_learning_rate, momentum=sgd_momentum)
g_optimizer = optim.SGD(G.parameters(), lr=g_learning_rate, momentum=sgd_momentum)
print(get_moments(torch.tensor([1.0, 2.0, 3.0, 10.0])))

for epoch in range(num_epochs):
    for d_index in range(d_steps):
        D.zero_grad()
        d_real_data = d_sampler(d_input_size)
        d_real_decision = D(preprocess(d_real_data))
        d_real_error = criterion(d_real_decision, torch.ones([1]))
        d_real_error.backward()
        d_gen_input = gi_sampler(minibatch_size, g_input_size)
        d_fake_data = G(d_gen_input).detach()
        d_fake_decision = D(preprocess(d_fake_data.t()))
        d_fake_error = criterion(d_fake_decision, torch.zeros([1]))
        d_fake_error.backward()
        d_optimizer.step()
        dre, dfe = extract(d_real_error)[0], extract(d_fake_error)[0]
    for g_index in range(g_steps):
        G.zero_grad()
        gen_input = gi_sampler(minibatch_size, g_input_size)
        g_fake_data = G(gen_input)
        dg_fake_decision = D(preprocess(g_fake_data.t()))
        g_error = criterion(dg_fake_decision, torch.ones([1]))
        g_error.backward()
        g_optimizer.step()
        ge = extract(g_error)[0]
    if epoch % print_interval == 0:
        print("Epoch %s: D (%.4f real_err, %.4f fake_err) G (%.4f err); Real Dist (%.4f, %.4f),  Fake Dist (%.4f, %.4f) "
              % (epoch, dre, dfe, ge, *stats(extract(d_real_data)), *stats(extract(d_fake_data))))
print(len(extract(d_fake_data)), type(extract(d_fake_data)[0]).__name__)
