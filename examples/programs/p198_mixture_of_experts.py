# A sparsely-gated mixture of experts (Shazeer et al. 2017, as the "MoE from scratch" notebooks and the
# sparse-MoE tutorials describe it; written here in our own code): a noisy top-k router (softplus noise scale, topk, scatter of
# -inf, softmax), experts as small FFNs, dispatch by boolean masks and index_add_, the auxiliary
# load-balancing loss (fraction of tokens times mean router probability), capacity counting with bincount, and
# training on a synthetic regression whose target depends on the input's cluster.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(42)


def feed_forward(width):
    return nn.Sequential(nn.Linear(width, 4 * width), nn.ReLU(), nn.Linear(4 * width, width))


class TopKGate(nn.Module):
    """Scores every expert, adds input-dependent Gaussian noise while training, keeps the k best scores per
    token and renormalises them with a softmax (the others get probability 0)."""

    def __init__(self, width, experts, k):
        super().__init__()
        self.k = k
        self.score = nn.Linear(width, experts)
        self.noise_scale = nn.Linear(width, experts)

    def forward(self, tokens):
        clean = self.score(tokens)
        scores = clean
        if self.training:
            scores = clean + torch.randn_like(clean) * F.softplus(self.noise_scale(tokens))
        best, chosen = scores.topk(self.k, dim=-1)
        masked = torch.full_like(scores, float("-inf")).scatter(-1, chosen, best)
        return masked.softmax(dim=-1), chosen, clean.softmax(dim=-1)


class SparseMoE(nn.Module):
    def __init__(self, width, num_experts, top_k):
        super().__init__()
        self.router = TopKGate(width, num_experts, top_k)
        self.experts = nn.ModuleList(feed_forward(width) for _ in range(num_experts))
        self.num_experts = num_experts

    def forward(self, x):
        gates, chosen, probs = self.router(x)
        rows = x.reshape(-1, x.shape[-1])
        gate_rows = gates.reshape(-1, self.num_experts)
        picked = chosen.reshape(rows.shape[0], -1)
        mixed = torch.zeros_like(rows)
        for e, expert in enumerate(self.experts):
            routed = (picked == e).any(dim=-1).nonzero().squeeze(1)
            if routed.numel():
                mixed.index_add_(0, routed, expert(rows[routed]) * gate_rows[routed, e:e + 1])
        load = torch.bincount(chosen.flatten(), minlength=self.num_experts)
        share = load.float() / chosen.numel()
        balance = self.num_experts * (share * probs.reshape(-1, self.num_experts).mean(0)).sum()
        return mixed.view_as(x), balance, load


moe = SparseMoE(8, num_experts=4, top_k=2)
print(moe.router)
x = torch.randn(2, 5, 8)
out, aux, counts = moe(x)
print("output", out.shape, "aux loss %.4f" % aux.item(), "tokens per expert", counts.tolist(), "sum", counts.sum().item())
gates, idx, _ = moe.router(x)
print("gates sum to one:", torch.allclose(gates.sum(-1), torch.ones(2, 5)), "nonzero per token", (gates > 0).sum(-1)[0].tolist())
moe.eval()
g1, i1, _ = moe.router(x)
g2, i2, _ = moe.router(x)
print("eval routing is deterministic:", torch.equal(i1, i2))
moe.train()

centers = torch.randn(4, 8) * 3
cluster = torch.randint(0, 4, (512,))
inputs = centers[cluster] + torch.randn(512, 8) * 0.5
transforms = torch.randn(4, 8, 8) * 0.5
targets = torch.einsum("bi,bij->bj", inputs, transforms[cluster])
opt = torch.optim.AdamW(moe.parameters(), lr=3e-3, weight_decay=0.01)
for step in range(120):
    idx = torch.randint(0, 512, (64,))
    pred, aux, counts = moe(inputs[idx].unsqueeze(0))
    mse = F.mse_loss(pred.squeeze(0), targets[idx])
    loss = mse + 0.01 * aux
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 40 == 0 or step == 119:
        print("step %3d mse %.4f aux %.4f load %s" % (step, mse.item(), aux.item(), counts.tolist()))

moe.eval()
with torch.no_grad():
    _, top, _ = moe.router(inputs)
    table = torch.zeros(4, 4, dtype=torch.long)
    table.index_put_((cluster, top[:, 0]), torch.ones(512, dtype=torch.long), accumulate=True)
    print("cluster x first-choice expert\n", table)
    pred, _, _ = moe(inputs)
    print("eval mse %.4f" % F.mse_loss(pred, targets).item())
