# "Parametrizations Tutorial": register_parametrization with Symmetric, Skew, MatrixExponential, caching,
# parametrized state, right_inverse, removing parametrizations; and nn.utils.parametrizations.orthogonal.
import torch
import torch.nn as nn
import torch.nn.utils.parametrize as parametrize

torch.manual_seed(0)


def symmetric(X):
    return X.triu() + X.triu(1).transpose(-1, -2)


X = torch.rand(3, 3)
A = symmetric(X)
assert torch.allclose(A, A.T)  # A is symmetric
print(A.shape, torch.allclose(A, A.T))


class LinearSymmetric(nn.Module):
    def __init__(self, n_features):
        super().__init__()
        self.weight = nn.Parameter(torch.rand(n_features, n_features))

    def forward(self, x):
        A = symmetric(self.weight)
        return x @ A


layer = LinearSymmetric(3)
out = layer(torch.rand(8, 3))
print(out.shape)


class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)


layer = nn.Linear(3, 3)
parametrize.register_parametrization(layer, "weight", Symmetric())

A = layer.weight
assert torch.allclose(A, A.T)  # A is symmetric
print(torch.allclose(A, A.T))


class Skew(nn.Module):
    def forward(self, X):
        A = X.triu(1)
        return A - A.transpose(-1, -2)


cnn = nn.Conv2d(in_channels=5, out_channels=8, kernel_size=3)
parametrize.register_parametrization(cnn, "weight", Skew())
# Print a few kernels
print(cnn.weight[0, 1].shape)
print(torch.allclose(cnn.weight, -cnn.weight.transpose(-1, -2)))

layer = nn.Linear(3, 3)
print(f"Unparametrized:\n{layer}")
parametrize.register_parametrization(layer, "weight", Symmetric())
print(f"\nParametrized:\n{layer}")

print(layer.parametrizations)
print(layer.parametrizations.weight)
print(layer.parametrizations.weight[0])
print(dict(layer.named_parameters()).keys())
print(layer.parametrizations.weight.original.shape)
print(torch.dist(layer.weight.T.triu(), layer.parametrizations.weight.original.T.triu()) < 1e-6)


class NoisyParametrization(nn.Module):
    def forward(self, X):
        print("Computing the Parametrization")
        return X


layer = nn.Linear(4, 4)
parametrize.register_parametrization(layer, "weight", NoisyParametrization())
print("Here, layer.weight is recomputed every time we call it")
foo = layer.weight + layer.weight.T
bar = layer.weight.sum()
with parametrize.cached():
    print("Here, it is computed just the first time layer.weight is called")
    foo = layer.weight + layer.weight.T
    bar = layer.weight.sum()


class MatrixExponential(nn.Module):
    def forward(self, X):
        return torch.matrix_exp(X)


layer_orthogonal = nn.Linear(3, 3)
parametrize.register_parametrization(layer_orthogonal, "weight", Skew())
parametrize.register_parametrization(layer_orthogonal, "weight", MatrixExponential())
X = layer_orthogonal.weight
print(torch.dist(X.T @ X, torch.eye(3)) < 1e-5)  # X is orthogonal

layer_spd = nn.Linear(3, 3)
parametrize.register_parametrization(layer_spd, "weight", Symmetric())
parametrize.register_parametrization(layer_spd, "weight", MatrixExponential())
X = layer_spd.weight
print(torch.dist(X, X.T) < 1e-5)  # X is symmetric
print((torch.linalg.eigvalsh(X) > 0.).all())  # X is positive definite


class Skew(nn.Module):
    def forward(self, X):
        A = X.triu(1)
        return A - A.transpose(-1, -2)

    def right_inverse(self, A):
        # We assume that A is skew-symmetric
        # We take the upper-triangular elements, as these are those used in the forward
        return A.triu(1)


layer = nn.Linear(3, 3)
parametrize.register_parametrization(layer, "weight", Skew())
X = torch.rand(3, 3)
X = X - X.T  # X is now skew-symmetric
layer.weight = X  # Initialize layer.weight to be X
print(torch.dist(layer.weight, X) < 1e-6)  # layer.weight == X


class CayleyMap(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.register_buffer("Id", torch.eye(n))

    def forward(self, X):
        # Assume X skew-symmetric
        # (I + X)(I - X)^{-1}
        return torch.linalg.solve(self.Id - X, self.Id + X)


layer = nn.Linear(3, 3)
parametrize.register_parametrization(layer, "weight", Skew())
parametrize.register_parametrization(layer, "weight", CayleyMap(3))
X = layer.weight
print(torch.dist(X.T @ X, torch.eye(3)) < 1e-5)  # X is orthogonal
print(layer.parametrizations.weight)

layer = nn.Linear(3, 3)
print("Before:")
print(layer)
print(layer.weight.shape)
parametrize.register_parametrization(layer, "weight", Symmetric())
print("\nParametrized:")
print(layer)
print(torch.allclose(layer.weight, layer.weight.T))
parametrize.remove_parametrizations(layer, "weight", leave_parametrized=True)
print("\nAfter. Weight remains symmetric:")
print(layer)
print(torch.allclose(layer.weight, layer.weight.T))
print(parametrize.is_parametrized(layer))

# the library's orthogonal parametrization, trained a few steps
layer = nn.utils.parametrizations.orthogonal(nn.Linear(4, 4))
opt = torch.optim.SGD(layer.parameters(), lr=0.1)
x = torch.randn(16, 4)
for _ in range(3):
    opt.zero_grad()
    loss = layer(x).pow(2).sum()
    loss.backward()
    opt.step()
Q = layer.weight
print(torch.dist(Q.T @ Q, torch.eye(4)) < 1e-4)
print(parametrize.is_parametrized(layer, "weight"))
