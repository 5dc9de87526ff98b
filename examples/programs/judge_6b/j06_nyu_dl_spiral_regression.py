# NYU Deep Learning (Alfredo Canziani), notebooks 02-space_stretching, 04-spiral_classification and 05-regression
import math
import random

import torch
from torch import nn, optim

# set up device
device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
device = torch.device("cpu")

seed = 12345
random.seed(seed)
torch.manual_seed(seed)

# ---- 02-space_stretching: linear transformations and non-linearities
n_points = 1_000
X = torch.randn(n_points, 2).to(device)
colors = X[:, 0]
print(X.shape, colors.shape)

for i in range(3):
    # create a random matrix
    W = torch.randn(2, 2).to(device)
    # transform points
    Y = X @ W.t()
    # compute singular values
    U, S, V = torch.svd(W)
    print(f'S: {S.shape}, U: {U.shape}, V: {V.shape}')
    print(torch.allclose(U @ torch.diag(S) @ V.t(), W, atol=1e-5))

z = torch.randn(2)
print(torch.allclose(z.norm(), torch.sqrt((z ** 2).sum())))
model = nn.Sequential(
    nn.Linear(2, 2, bias=False)
)
model.to(device)
with torch.no_grad():
    Y = model(X)
print(Y.shape)

for s in range(1, 6):
    W = s * torch.eye(2)
    model = nn.Sequential(
        nn.Linear(2, 2, bias=False),
        nn.Tanh()
    )
    model[0].weight.data.copy_(W)
    model.to(device)
    with torch.no_grad():
        Y = model(X)
    print(f'tanh stretch s={s}: max |Y| <= 1: {bool((Y.abs() <= 1).all())}')

for i in range(2):
    # create 1-layer neural networks with random weights
    model = nn.Sequential(
        nn.Linear(2, 5),
        nn.ReLU(),
        nn.Linear(5, 2)
    )
    model.to(device)
    with torch.no_grad():
        Y = model(X)
    print(Y.shape)

# ---- 04-spiral_classification
N = 200  # num_samples_per_class
D = 2  # dimensions
C = 3  # num_classes
H = 100  # num_hidden_units

X = torch.zeros(N * C, D).to(device)
y = torch.zeros(N * C, dtype=torch.long).to(device)
for c in range(C):
    index = 0
    t = torch.linspace(0, 1, N)
    # When c = 0 and t = 0: start of linspace
    # When c = 0 and t = 1: end of linpace
    # This inner_var is for the formula inside sin() and cos() like sin(inner_var) and cos(inner_Var)
    inner_var = torch.linspace(
        # When t = 0
        (2 * math.pi / C) * (c),
        # When t = 1
        (2 * math.pi / C) * (2 + c),
        N
    ) + torch.randn(N) * 0.2

    for ix in range(N * c, N * (c + 1)):
        X[ix] = t[index] * torch.FloatTensor((
            math.sin(inner_var[index]), math.cos(inner_var[index])
        ))
        y[ix] = c
        index += 1

print("Shapes:")
print("X:", tuple(X.size()))
print("y:", tuple(y.size()))

learning_rate = 1e-3
lambda_l2 = 1e-5

# nn package to create our linear model
# each Linear module has a weight and bias
model = nn.Sequential(
    nn.Linear(D, H),
    nn.Linear(H, C)
)
model.to(device)  # Convert to CUDA

# nn package also has different loss functions.
# we use cross entropy loss for our classification task
criterion = torch.nn.CrossEntropyLoss()

# we use the optim package to apply
# stochastic gradient descent for our parameter updates
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate, weight_decay=lambda_l2)  # built-in L2

# Training
for t in range(1000):

    # Feed forward to get the logits
    y_pred = model(X)

    # Compute the loss and accuracy
    loss = criterion(y_pred, y)
    score, predicted = torch.max(y_pred, 1)
    acc = (y == predicted).sum().float() / len(y)
    if t % 200 == 0:
        print("[EPOCH]: %i, [LOSS]: %.4f, [ACCURACY]: %.3f" % (t, loss.item(), acc))

    # zero the gradients before running
    # the backward pass.
    optimizer.zero_grad()

    # Backward pass to compute the gradient
    # of loss w.r.t our learnable params.
    loss.backward()

    # Update params
    optimizer.step()

print(model)

learning_rate = 1e-3
lambda_l2 = 1e-5

# nn package to create our linear model
# each Linear module has a weight and bias
model = nn.Sequential(
    nn.Linear(D, H),
    nn.ReLU(),
    nn.Linear(H, C)
)
model.to(device)

# nn package also has different loss functions.
# we use cross entropy loss for our classification task
criterion = torch.nn.CrossEntropyLoss()

# we use the optim package to apply
# ADAM for our parameter updates
optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate, weight_decay=lambda_l2)  # built-in L2

# e = 1.  # plotting purpose

# Training
for t in range(1000):

    # Feed forward to get the logits
    y_pred = model(X)

    # Compute the loss and accuracy
    loss = criterion(y_pred, y)
    score, predicted = torch.max(y_pred, 1)
    acc = (y == predicted).sum().float() / len(y)
    if t % 200 == 0 or t == 999:
        print("[EPOCH]: %i, [LOSS]: %.4f, [ACCURACY]: %.3f" % (t, loss.item(), acc))

    # zero the gradients before running
    # the backward pass.
    optimizer.zero_grad()

    # Backward pass to compute the gradient
    # of loss w.r.t our learnable params.
    loss.backward()

    # Update params
    optimizer.step()

print(model)

# ---- 05-regression
# Training data
m = 128  # nb of training pairs
x = (torch.rand(m) - 0.5) * 12  # inputs, sampled from -5 to +5
y = x * torch.sin(x)  # targets
print(x.shape, y.shape)

# Define network architecture (e.g. play with number of neurons, use different non-linearities)
n_hidden = 20
models = list()
for i in range(3):
    models.append(nn.Sequential(
        nn.Linear(1, n_hidden),
        nn.ReLU(),
        nn.Linear(n_hidden, 1)
    ))
    models.append(nn.Sequential(
        nn.Linear(1, n_hidden),
        nn.Tanh(),
        nn.Linear(n_hidden, 1)
    ))

# Training objective and optimiser
criterion = nn.MSELoss()

for model in models:
    optimiser = torch.optim.Adam(model.parameters(), lr=0.02)
    for epoch in range(300):
        y_hat = model(x.view(-1, 1))
        loss = criterion(y_hat, y.view(-1, 1))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    print(f'{type(model[1]).__name__}: final loss {loss.item():.4f}')

# Predict and compare ensemble mean and std
xi = torch.linspace(-10, 10, 201).view(-1, 1)
with torch.no_grad():
    y_hat_relu = torch.stack([models[i](xi) for i in range(0, 6, 2)])
    y_hat_tanh = torch.stack([models[i](xi) for i in range(1, 6, 2)])
print(y_hat_relu.shape, y_hat_tanh.shape)
print(y_hat_relu.mean(dim=0).shape, y_hat_relu.std(dim=0).shape)
print('tanh std outside the training range > inside:',
      bool(y_hat_tanh.std(dim=0)[:20].mean() > 0), y_hat_tanh.std(0).view(-1)[95:100].shape)
