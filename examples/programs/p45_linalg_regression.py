# Linear algebra for regression: least squares with torch.linalg.lstsq, the normal equations with solve and
# cholesky, QR, SVD and pinv, ridge regression, and the same fit by gradient descent.
import torch

torch.set_printoptions(precision=4)
X = torch.stack([torch.ones(8), torch.linspace(-1, 1, 8), torch.linspace(-1, 1, 8) ** 2], dim=1)
true_w = torch.tensor([0.5, -2.0, 1.5])
noise = 0.05 * torch.sin(torch.arange(8.) * 2.3)
y = X @ true_w + noise
print(X.shape, y)

w_lstsq = torch.linalg.lstsq(X, y.unsqueeze(1)).solution.squeeze(1)
print("lstsq:", w_lstsq)
XtX = X.T @ X
Xty = X.T @ y
w_solve = torch.linalg.solve(XtX, Xty)
print("solve:", w_solve)
L = torch.linalg.cholesky(XtX)
w_chol = torch.cholesky_solve(Xty.unsqueeze(1), L).squeeze(1)
print("cholesky:", w_chol, torch.allclose(L @ L.T, XtX, atol=1e-5))
Q, R = torch.linalg.qr(X)
w_qr = torch.linalg.solve_triangular(R, (Q.T @ y).unsqueeze(1), upper=True).squeeze(1)
print("qr:", w_qr, Q.shape, R.shape)
U, S, Vh = torch.linalg.svd(X, full_matrices=False)
w_svd = Vh.T @ torch.diag(1 / S) @ U.T @ y
print("svd:", w_svd, S)
print("pinv:", torch.linalg.pinv(X) @ y)
print("inv:", torch.linalg.inv(XtX) @ Xty)
print(torch.linalg.det(XtX), torch.linalg.slogdet(XtX), torch.linalg.matrix_rank(X))
print(torch.linalg.norm(X), torch.linalg.norm(y, ord=1), torch.linalg.vector_norm(y, ord=float('inf')))
print(torch.linalg.matrix_norm(X, ord='fro'), torch.linalg.cond(XtX))
eigenvalues, eigenvectors = torch.linalg.eigh(XtX)
print(eigenvalues, torch.allclose(eigenvectors @ torch.diag(eigenvalues) @ eigenvectors.T, XtX, atol=1e-4))
residual = y - X @ w_lstsq
print("residual norm:", residual.norm().item() < 0.2, "r^2:", 1 - residual.pow(2).sum() / (y - y.mean()).pow(2).sum())

lam = 0.1
w_ridge = torch.linalg.solve(XtX + lam * torch.eye(3), Xty)
print("ridge:", w_ridge)

Xd = X.double()
yd = y.double()
w_batch = torch.linalg.lstsq(Xd.unsqueeze(0).expand(2, -1, -1), torch.stack([yd, 2 * yd]).unsqueeze(2)).solution
print(w_batch.squeeze(2))

w = torch.zeros(3, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.1)
for step in range(500):
    optimizer.zero_grad()
    loss = ((X @ w - y) ** 2).mean()
    loss.backward()
    optimizer.step()
print("gradient descent:", w.detach(), torch.allclose(w.detach(), w_lstsq, atol=1e-3))

A = torch.tensor([[2.0, 1.0], [1.0, 3.0]], requires_grad=True)
b = torch.tensor([1.0, 2.0])
x = torch.linalg.solve(A, b)
x.sum().backward()
print(x, A.grad)
A.grad = None
torch.linalg.det(A).backward()
print(A.grad)
M = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], requires_grad=True)
torch.linalg.svdvals(M).sum().backward()
print(torch.linalg.svdvals(M), M.grad)
