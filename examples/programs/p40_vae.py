# A variational autoencoder (after pytorch/examples' vae) on synthetic 8x8 binary images: the reparameterization
# trick with torch.randn_like, F.binary_cross_entropy(reduction='sum') plus the KL divergence, and sampling.
import torch
import torch.nn.functional as F
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(1)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
patterns = torch.zeros(4, 8, 8)
patterns[0, :, 2:4] = 1
patterns[1, 2:4, :] = 1
patterns[2].fill_diagonal_(1)
patterns[3, 1:7, 1:7] = 1
images = patterns.repeat(16, 1, 1)
images = (images + 0.1 * torch.rand_like(images)).clamp(0, 1)
print(images.shape, images.min().item() >= 0, images.max().item() <= 1)
train_loader = DataLoader(TensorDataset(images, torch.arange(64) % 4), batch_size=16, shuffle=True)


class VAE(nn.Module):
    def __init__(self):
        super(VAE, self).__init__()
        self.fc1 = nn.Linear(64, 32)
        self.fc21 = nn.Linear(32, 2)
        self.fc22 = nn.Linear(32, 2)
        self.fc3 = nn.Linear(2, 32)
        self.fc4 = nn.Linear(32, 64)

    def encode(self, x):
        h1 = F.relu(self.fc1(x))
        return self.fc21(h1), self.fc22(h1)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return mu + eps * std

    def decode(self, z):
        h3 = F.relu(self.fc3(z))
        return torch.sigmoid(self.fc4(h3))

    def forward(self, x):
        mu, logvar = self.encode(x.view(-1, 64))
        z = self.reparameterize(mu, logvar)
        return self.decode(z), mu, logvar


model = VAE().to(device)
optimizer = optim.Adam(model.parameters(), lr=1e-2)


def loss_function(recon_x, x, mu, logvar):
    BCE = F.binary_cross_entropy(recon_x, x.view(-1, 64), reduction='sum')
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
    return train_loss / len(train_loader.dataset)


first = train(1)
for epoch in range(2, 41):
    last = train(epoch)
    if epoch % 10 == 0:
        print('====> Epoch: {} Average loss: {:.4f}'.format(epoch, last))
print("improved:", last < first)

model.eval()
with torch.no_grad():
    sample = torch.randn(8, 2).to(device)
    sample = model.decode(sample).cpu()
    print(sample.view(8, 1, 8, 8).shape, sample.dtype)
    recon, mu, logvar = model(images[:4])
    comparison = torch.cat([images[:4].view(4, 1, 8, 8), recon.view(4, 1, 8, 8)])
    print(comparison.shape, mu.shape, logvar.exp().shape)

# The loss pieces on fixed values (no randomness): PyTorch's exact numbers.
x = torch.tensor([[0.0, 1.0, 0.5], [1.0, 0.0, 0.25]])
p = torch.tensor([[0.1, 0.8, 0.5], [0.7, 0.2, 0.3]], requires_grad=True)
bce = F.binary_cross_entropy(p, x, reduction='sum')
bce.backward()
print(bce, p.grad)
mu = torch.tensor([[0.5, -1.0]], requires_grad=True)
logvar = torch.tensor([[0.2, -0.3]], requires_grad=True)
kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
kld.backward()
print(kld, mu.grad, logvar.grad)
print(F.binary_cross_entropy(p, x), F.binary_cross_entropy(p, x, weight=torch.tensor([1.0, 2.0, 0.5])))
