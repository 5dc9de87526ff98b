# Principal component analysis three ways, as the linear-algebra chapters of "Mathematics for Machine Learning"
# and the d2l/Stack Overflow answers write it in PyTorch: centring, torch.cov and torch.linalg.eigh of the
# covariance (eigenvalues ascending, flipped), torch.linalg.svd of the centred data (signs fixed by the largest
# loading), explained-variance ratios with cumsum, projection and low-rank reconstruction error, whitening, and
# torch.linalg.matrix_rank / pinv / norm / det / slogdet on the same data.
import torch

torch.manual_seed(0)
n, d = 200, 5
latent = torch.randn(n, 2)
mixing = torch.tensor([[2.0, 0.5, -1.0, 0.0, 0.3],
                       [0.0, 1.5, 0.5, -0.7, 0.1]])
X = latent @ mixing + 0.1 * torch.randn(n, d) + torch.tensor([1.0, -2.0, 0.5, 3.0, 0.0])
X = X.double()
print("data", X.shape, X.dtype)
mean = X.mean(dim=0)
Xc = X - mean
print("mean", mean.round(decimals=3))

C = torch.cov(Xc.T)
C2 = Xc.T @ Xc / (n - 1)
print("cov matches:", torch.allclose(C, C2))
evals, evecs = torch.linalg.eigh(C)
evals, evecs = evals.flip(0), evecs.flip(1)
print("eigenvalues", evals.round(decimals=4))

U, S, Vh = torch.linalg.svd(Xc, full_matrices=False)
print("U", U.shape, "S", S.shape, "Vh", Vh.shape)
print("S^2/(n-1) == eigenvalues:", torch.allclose(S ** 2 / (n - 1), evals))


def fix_signs(components):
    idx = components.abs().argmax(dim=1)
    signs = torch.sign(components[torch.arange(components.shape[0]), idx])
    return components * signs[:, None]


pcs_svd = fix_signs(Vh)
pcs_eig = fix_signs(evecs.T)
print("components agree:", torch.allclose(pcs_svd, pcs_eig, atol=1e-8))
print(pcs_svd[:2].round(decimals=3))

ratio = S ** 2 / (S ** 2).sum()
print("explained variance ratio", ratio.round(decimals=4))
print("cumulative", torch.cumsum(ratio, 0).round(decimals=4))
k = int((torch.cumsum(ratio, 0) < 0.99).sum()) + 1
print("components for 99%:", k)

Z = Xc @ pcs_svd[:k].T
X_hat = Z @ pcs_svd[:k] + mean
err = torch.linalg.norm(X - X_hat) / torch.linalg.norm(Xc)
print("projected", Z.shape, "relative reconstruction error %.4f" % err.item())
for r in range(1, d + 1):
    approx = (U[:, :r] * S[:r]) @ Vh[:r]
    print(r, "fro error %.4f" % torch.linalg.matrix_norm(Xc - approx).item(),
          "spectral %.4f" % torch.linalg.matrix_norm(Xc - approx, ord=2).item())

W = pcs_svd[:k].T / torch.sqrt(evals[:k])
white = Xc @ W
print("whitened covariance\n", torch.cov(white.T).round(decimals=6) + 0.0)
print("rank", torch.linalg.matrix_rank(Xc).item(), torch.linalg.matrix_rank(Xc, atol=1.0).item(),
      torch.linalg.matrix_rank(X_hat - mean, rtol=1e-6).item())
P = torch.linalg.pinv(Xc)
print("pinv", P.shape, torch.allclose(Xc @ P @ Xc, Xc))
sign, logabsdet = torch.linalg.slogdet(C)
print("det %.6e" % torch.linalg.det(C).item(), "slogdet", sign.item(), round(logabsdet.item(), 4))
print("cond %.3f" % torch.linalg.cond(C).item())
print("vector norms", torch.linalg.vector_norm(Xc, ord=1, dim=0).round(decimals=2),
      torch.linalg.vector_norm(Xc, ord=float("inf")).round(decimals=3))
q, r = torch.linalg.qr(Xc)
print("qr", q.shape, r.shape, torch.allclose(q @ r, Xc), torch.allclose(q.T @ q, torch.eye(d, dtype=torch.float64)))
U_l, S_l, V_l = torch.svd_lowrank(Xc, q=3, niter=4)
print("svd_lowrank top singular values", S_l.round(decimals=3), "exact", S[:3].round(decimals=3))
