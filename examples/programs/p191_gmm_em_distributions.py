# Gaussian mixture models with torch.distributions, as the "EM from scratch" notebooks and the Pyro-free GMM
# tutorials write them: data drawn from a MixtureSameFamily of MultivariateNormals, the E-step with log_prob
# and logsumexp (responsibilities via softmax), the M-step with weighted means and covariances, the
# log-likelihood per iteration, then the same mixture fitted by gradient ascent on the log-likelihood with Adam
# (logits, means, scale_tril through a Cholesky parametrization), and sampling/entropy/KL of the components.
import torch
import torch.distributions as D

torch.manual_seed(1)
true_mix = D.Categorical(torch.tensor([0.5, 0.3, 0.2]))
true_comp = D.MultivariateNormal(torch.tensor([[0.0, 0.0], [4.0, 4.0], [-3.0, 5.0]]),
                                 covariance_matrix=torch.stack([torch.eye(2),
                                                                torch.tensor([[1.0, 0.6], [0.6, 1.0]]),
                                                                0.5 * torch.eye(2)]))
gmm = D.MixtureSameFamily(true_mix, true_comp)
print(gmm)
X = gmm.sample((600,))
print("data", X.shape, "batch_shape", gmm.batch_shape, "event_shape", gmm.event_shape)
print("true log-likelihood %.4f" % gmm.log_prob(X).mean().item())

K = 3
means = X[torch.tensor([0, 1, 2])].clone()
covs = torch.eye(2).repeat(K, 1, 1)
weights = torch.full((K,), 1.0 / K)
for it in range(30):
    comp = D.MultivariateNormal(means, covariance_matrix=covs)
    log_p = comp.log_prob(X.unsqueeze(1)) + weights.log()
    ll = torch.logsumexp(log_p, dim=1).mean()
    resp = torch.softmax(log_p, dim=1)
    Nk = resp.sum(0)
    weights = Nk / X.shape[0]
    means = (resp.T @ X) / Nk[:, None]
    diff = X.unsqueeze(1) - means
    covs = torch.einsum("nk,nki,nkj->kij", resp, diff, diff) / Nk[:, None, None] + 1e-6 * torch.eye(2)
    if it % 10 == 0 or it == 29:
        print("EM iteration %2d log-likelihood %.4f" % (it, ll.item()))
order = torch.argsort(weights, descending=True)
print("weights", weights[order].round(decimals=3))
print("means", means[order].round(decimals=2))
print("hard assignments", torch.bincount(resp.argmax(1), minlength=K).tolist())

logits = torch.zeros(K, requires_grad=True)
mu = X[torch.tensor([3, 4, 5])].clone().requires_grad_(True)
raw_tril = torch.zeros(K, 2, 2, requires_grad=True)
opt = torch.optim.Adam([logits, mu, raw_tril], lr=0.05)


def scale_tril(raw):
    lower = torch.tril(raw, diagonal=-1)
    diag = torch.nn.functional.softplus(torch.diagonal(raw, dim1=-2, dim2=-1)) + 1e-3
    return lower + torch.diag_embed(diag)


for step in range(150):
    model = D.MixtureSameFamily(D.Categorical(logits=logits), D.MultivariateNormal(mu, scale_tril=scale_tril(raw_tril)))
    loss = -model.log_prob(X).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 50 == 0:
        print("gradient step %3d nll %.4f" % (step, loss.item()))
print("final nll %.3f" % loss.item())
probs = torch.softmax(logits, 0).detach()
print("sorted mixture weights", probs.sort(descending=True).values.round(decimals=2))

a = D.MultivariateNormal(torch.zeros(2), torch.eye(2))
b = D.MultivariateNormal(torch.ones(2), scale_tril=torch.tensor([[1.0, 0.0], [0.5, 0.8]]))
print("entropy %.4f %.4f" % (a.entropy().item(), b.entropy().item()))
print("KL(a||b) %.4f KL(b||a) %.4f" % (D.kl_divergence(a, b).item(), D.kl_divergence(b, a).item()))
print("b.covariance_matrix", b.covariance_matrix)
print("b.precision_matrix", b.precision_matrix.round(decimals=4))
print("mixture mean", gmm.mean.round(decimals=3), "variance", gmm.variance.round(decimals=3))
print(D.Independent(D.Normal(torch.zeros(3), torch.ones(3)), 1))
