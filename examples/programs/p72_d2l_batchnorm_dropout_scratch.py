# d2l.ai from scratch: dropout_layer, weight decay with an l2_penalty, batch_norm with moving averages in a
# BatchNorm module (fully connected and convolutional), LeNet with batch normalization trained a few steps,
# compared with nn.BatchNorm2d's statistics.
import torch
from torch import nn


def dropout_layer(X, dropout):
    assert 0 <= dropout <= 1
    # In this case, all elements are dropped out
    if dropout == 1:
        return torch.zeros_like(X)
    # In this case, all elements are kept
    if dropout == 0:
        return X
    mask = (torch.rand(X.shape) > dropout).float()
    return mask * X / (1.0 - dropout)


torch.manual_seed(0)
X = torch.arange(16, dtype=torch.float32).reshape((2, 8))
print(X)
print(dropout_layer(X, 0.))
print(dropout_layer(X, 0.5))
print(dropout_layer(X, 1.))

# Weight decay from scratch
n_train, n_test, num_inputs, batch_size = 20, 100, 200, 5
true_w, true_b = torch.ones((num_inputs, 1)) * 0.01, 0.05
features = torch.normal(0, 1, (n_train, num_inputs))
labels = torch.matmul(features, true_w) + true_b
labels += torch.normal(0, 0.01, labels.shape)


def init_params():
    w = torch.normal(0, 1, size=(num_inputs, 1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    return [w, b]


def l2_penalty(w):
    return torch.sum(w.pow(2)) / 2


def train(lambd):
    w, b = init_params()
    net, loss = lambda X: torch.matmul(X, w) + b, lambda y_hat, y: (y_hat - y.reshape(y_hat.shape)) ** 2 / 2
    num_epochs, lr = 20, 0.003
    for epoch in range(num_epochs):
        for i in range(0, n_train, batch_size):
            X, y = features[i:i + batch_size], labels[i:i + batch_size]
            with torch.enable_grad():
                # The L2 norm penalty term has been added, and broadcasting makes l2_penalty(w) a vector whose
                # length is batch_size
                l = loss(net(X), y) + lambd * l2_penalty(w)
            l.sum().backward()
            with torch.no_grad():
                for param in [w, b]:
                    param -= lr * param.grad / batch_size
                    param.grad.zero_()
    print('L2 norm of w:', torch.norm(w).item() > 0)
    return torch.norm(w).item()


norm0 = train(lambd=0)
norm3 = train(lambd=3)
print('decay shrinks w:', norm3 < norm0)


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    # Use is_grad_enabled to determine whether we are in training mode
    if not torch.is_grad_enabled():
        # In prediction mode, use mean and variance obtained by moving average
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    else:
        assert len(X.shape) in (2, 4)
        if len(X.shape) == 2:
            # When using a fully connected layer, calculate the mean and variance on the feature dimension
            mean = X.mean(dim=0)
            var = ((X - mean) ** 2).mean(dim=0)
        else:
            # When using a two-dimensional convolutional layer, calculate the mean and variance on the channel
            # dimension (axis=1). Here we need to maintain the shape of X, so that the broadcasting operation
            # can be carried out later
            mean = X.mean(dim=(0, 2, 3), keepdim=True)
            var = ((X - mean) ** 2).mean(dim=(0, 2, 3), keepdim=True)
        # In training mode, the current mean and variance are used
        X_hat = (X - mean) / torch.sqrt(var + eps)
        # Update the mean and variance using moving average
        moving_mean = (1.0 - momentum) * moving_mean + momentum * mean
        moving_var = (1.0 - momentum) * moving_var + momentum * var
    Y = gamma * X_hat + beta  # Scale and shift
    return Y, moving_mean.data, moving_var.data


class BatchNorm(nn.Module):
    # num_features: the number of outputs for a fully connected layer or the number of output channels for a
    # convolutional layer. num_dims: 2 for a fully connected layer and 4 for a convolutional layer
    def __init__(self, num_features, num_dims):
        super().__init__()
        if num_dims == 2:
            shape = (1, num_features)
        else:
            shape = (1, num_features, 1, 1)
        # The scale parameter and the shift parameter (model parameters) are initialized to 1 and 0
        self.gamma = nn.Parameter(torch.ones(shape))
        self.beta = nn.Parameter(torch.zeros(shape))
        # The variables that are not model parameters are initialized to 0 and 1
        self.moving_mean = torch.zeros(shape)
        self.moving_var = torch.ones(shape)

    def forward(self, X):
        # If X is not on the main memory, copy moving_mean and moving_var to the device where X is located
        if self.moving_mean.device != X.device:
            self.moving_mean = self.moving_mean.to(X.device)
            self.moving_var = self.moving_var.to(X.device)
        # Save the updated moving_mean and moving_var
        Y, self.moving_mean, self.moving_var = batch_norm(
            X, self.gamma, self.beta, self.moving_mean,
            self.moving_var, eps=1e-5, momentum=0.1)
        return Y


X = torch.arange(48, dtype=torch.float32).reshape(2, 3, 2, 4) / 10
bn = BatchNorm(3, num_dims=4)
ref = nn.BatchNorm2d(3)
Y = bn(X)
Y_ref = ref(X)
print(torch.allclose(Y, Y_ref, atol=1e-5), Y.shape)
print(bn.moving_mean.reshape(-1))
print(ref.running_mean)
print(bn.moving_var.reshape(-1))
print(ref.running_var)
Y.sum().backward()
print((bn.gamma.grad.abs() < 1e-4).all(), bn.beta.grad.reshape(-1))
with torch.no_grad():
    print(bn(X)[0, :, 0])
ref.eval()
print(ref(X)[0, :, 0].detach())

torch.manual_seed(1)
net = nn.Sequential(
    nn.Conv2d(1, 6, kernel_size=5), BatchNorm(6, num_dims=4), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Conv2d(6, 16, kernel_size=5), BatchNorm(16, num_dims=4), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2), nn.Flatten(),
    nn.Linear(16 * 4 * 4, 120), BatchNorm(120, num_dims=2), nn.Sigmoid(),
    nn.Linear(120, 84), BatchNorm(84, num_dims=2), nn.Sigmoid(),
    nn.Linear(84, 10))
X = torch.rand(8, 1, 28, 28)
y = torch.randint(0, 10, (8,))
trainer = torch.optim.SGD(net.parameters(), lr=1.0)
loss = nn.CrossEntropyLoss(reduction='none')
for epoch in range(3):
    trainer.zero_grad()
    l = loss(net(X), y)
    l.mean().backward()
    trainer.step()
    print(f'epoch {epoch + 1}, loss {l.mean():.3f}')
print(net[1].gamma.reshape((-1,)).shape, net[1].beta.reshape((-1,)).shape)
print(net[1].moving_mean.shape, type(net[1].moving_mean).__name__, net[1].moving_mean.requires_grad)
