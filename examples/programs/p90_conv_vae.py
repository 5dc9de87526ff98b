# A convolutional variational autoencoder in the pytorch/examples vae style: Conv2d encoder to fc_mu/fc_logvar,
# the reparameterization trick with torch.randn_like, a ConvTranspose2d decoder with nn.Unflatten, BCE
# (reduction='sum') + KLD loss, Adam, train/test epochs, and sampling from the prior; random MNIST-shaped images.
from __future__ import print_function
import argparse

import torch
import torch.utils.data
from torch import nn, optim
from torch.nn import functional as F

parser = argparse.ArgumentParser(description='Conv VAE MNIST Example')
parser.add_argument('--batch-size', type=int, default=16, metavar='N',
                    help='input batch size for training (default: 16)')
parser.add_argument('--epochs', type=int, default=3, metavar='N',
                    help='number of epochs to train (default: 3)')
parser.add_argument('--seed', type=int, default=1, metavar='S',
                    help='random seed (default: 1)')
parser.add_argument('--log-interval', type=int, default=2, metavar='N',
                    help='how many batches to wait before logging training status')
args = parser.parse_args()

torch.manual_seed(args.seed)
device = torch.device("cpu")

images = torch.rand(80, 1, 16, 16)
images = (images > 0.7).float() * images
train_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(images[:64], torch.zeros(64)),
                                           batch_size=args.batch_size, shuffle=True)
test_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(images[64:], torch.zeros(16)),
                                          batch_size=args.batch_size, shuffle=False)


class ConvVAE(nn.Module):
    def __init__(self, latent_dim=8):
        super(ConvVAE, self).__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 8, 4, stride=2, padding=1),   # 16 -> 8
            nn.LeakyReLU(0.2),
            nn.Conv2d(8, 16, 4, stride=2, padding=1),  # 8 -> 4
            nn.BatchNorm2d(16),
            nn.LeakyReLU(0.2),
            nn.Flatten(),
        )
        self.fc_mu = nn.Linear(16 * 4 * 4, latent_dim)
        self.fc_logvar = nn.Linear(16 * 4 * 4, latent_dim)
        self.decoder_input = nn.Linear(latent_dim, 16 * 4 * 4)
        self.decoder = nn.Sequential(
            nn.Unflatten(1, (16, 4, 4)),
            nn.ConvTranspose2d(16, 8, 4, stride=2, padding=1),  # 4 -> 8
            nn.BatchNorm2d(8),
            nn.ReLU(True),
            nn.ConvTranspose2d(8, 1, 4, stride=2, padding=1),   # 8 -> 16
            nn.Sigmoid(),
        )

    def encode(self, x):
        h = self.encoder(x)
        return self.fc_mu(h), self.fc_logvar(h)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return mu + eps * std

    def decode(self, z):
        return self.decoder(self.decoder_input(z))

    def forward(self, x):
        mu, logvar = self.encode(x)
        z = self.reparameterize(mu, logvar)
        return self.decode(z), mu, logvar


model = ConvVAE().to(device)
optimizer = optim.Adam(model.parameters(), lr=1e-3)
print(model.decoder)
recon, mu, logvar = model(images[:2])
print(recon.shape, mu.shape, logvar.shape, recon.grad_fn.name())


# Reconstruction + KL divergence losses summed over all elements and batch
def loss_function(recon_x, x, mu, logvar):
    BCE = F.binary_cross_entropy(recon_x, x.view(-1, 1, 16, 16), reduction='sum')

    # see Appendix B from VAE paper:
    # Kingma and Welling. Auto-Encoding Variational Bayes. ICLR, 2014
    # https://arxiv.org/abs/1312.6114
    # 0.5 * sum(1 + log(sigma^2) - mu^2 - sigma^2)
    KLD = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())

    return BCE + KLD


def train(epoch):
    model.train()
    train_loss = 0
    for batch_idx, (data, _) in enumerate(train_loader):
        data = data.to(device)
        optimizer.zero_grad()
        recon_batch, mu, logvar = model(data)
        loss = loss_function(recon_batch, data, mu, logvar)
        loss.backward()
        train_loss += loss.item()
        optimizer.step()
        if batch_idx % args.log_interval == 0:
            print('Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}'.format(
                epoch, batch_idx * len(data), len(train_loader.dataset),
                100. * batch_idx / len(train_loader),
                loss.item() / len(data)))

    print('====> Epoch: {} Average loss: {:.4f}'.format(
          epoch, train_loss / len(train_loader.dataset)))


def test(epoch):
    model.eval()
    test_loss = 0
    with torch.no_grad():
        for i, (data, _) in enumerate(test_loader):
            data = data.to(device)
            recon_batch, mu, logvar = model(data)
            test_loss += loss_function(recon_batch, data, mu, logvar).item()
            if i == 0:
                n = min(data.size(0), 8)
                comparison = torch.cat([data[:n],
                                      recon_batch.view(args.batch_size, 1, 16, 16)[:n]])
                print('comparison', tuple(comparison.shape), comparison.min().item() >= 0)

    test_loss /= len(test_loader.dataset)
    print('====> Test set loss: {:.4f}'.format(test_loss))


for epoch in range(1, args.epochs + 1):
    train(epoch)
    test(epoch)
    with torch.no_grad():
        sample = torch.randn(64, 8).to(device)
        sample = model.decode(sample).cpu()
        print('sample', sample.view(64, 1, 16, 16).shape, f'{sample.mean().item():.4f}')

x = torch.tensor([[0.0, 0.5, 1.0]])
p = torch.tensor([[0.1, 0.5, 0.9]], requires_grad=True)
bce = F.binary_cross_entropy(p, x, reduction='sum')
bce.backward()
print(bce, p.grad)
up = nn.ConvTranspose2d(1, 1, 2, stride=2, bias=False)
with torch.no_grad():
    up.weight.fill_(1.0)
print(up(torch.tensor([[[[1.0, 2.0], [3.0, 4.0]]]])))
print(nn.Unflatten(1, (2, 3))(torch.arange(12.).view(2, 6)).shape, nn.Flatten(0)(torch.ones(2, 3, 4)).shape)
