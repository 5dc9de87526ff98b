# A sparse mixture-of-experts layer from scratch, as the "makeMoE" notebook (a makemore/nanoGPT extension) and
# the Switch/Shazeer-style course write-ups build it: Expert MLPs, a NoisyTopkRouter (linear logits plus
# softplus-scaled Gaussian noise, topk, scatter into -inf, softmax), the SparseMoE dispatch loop with boolean
# masks, index_add_ of weighted outputs, the load-balancing auxiliary loss (fraction routed times mean gate
# probability), and a small regression task where the right expert depends on the input's region.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(42)


class Expert(nn.Module):
    def __init__(self, n_embd):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(n_embd, 4 * n_embd), nn.ReLU(), nn.Linear(4 * n_embd, n_embd))

    def forward(self, x):
        return self.net(x)


class NoisyTopkRouter(nn.Module):
    def __init__(self, n_embed, num_experts, top_k):
        super().__init__()
        self.top_k = top_k
        self.topkroute_linear = nn.Linear(n_embed, num_experts)
        self.noise_linear = nn.Linear(n_embed, num_experts)

    def forward(self, mh_output):
        logits = self.topkroute_linear(mh_output)
        noise_logits = self.noise_linear(mh_output)
        noise = torch.randn_like(logits) * F.softplus(noise_logits)
        noisy_logits = logits + noise if self.training else logits
        top_k_logits, indices = noisy_logits.topk(self.top_k, dim=-1)
        zeros = torch.full_like(noisy_logits, float("-inf"))
        sparse_logits = zeros.scatter(-1, indices, top_k_logits)
        router_output = F.softmax(sparse_logits, dim=-1)
        return router_output, indices, F.softmax(logits, dim=-1)


class SparseMoE(nn.Module):
    def __init__(self, n_embed, num_experts, top_k):
        super().__init__()
        self.router = NoisyTopkRouter(n_embed, num_experts, top_k)
        self.experts = nn.ModuleList([Expert(n_embed) for _ in range(num_experts)])
        self.num_experts, self.top_k = num_experts, top_k

    def forward(self, x):
        gating_output, indices, probs = self.router(x)
        final_output = torch.zeros_like(x)
        flat_x = x.view(-1, x.size(-1))
        flat_gating_output = gating_output.view(-1, gating_output.size(-1))
        for i, expert in enumerate(self.experts):
            expert_mask = (indices == i).any(dim=-1)
            flat_mask = expert_mask.view(-1)
            if flat_mask.any():
                expert_input = flat_x[flat_mask]
                expert_output = expert(expert_input)
                gating_scores = flat_gating_output[flat_mask, i].unsqueeze(1)
                weighted = expert_output * gating_scores
                final_output.view(-1, x.size(-1)).index_add_(0, flat_mask.nonzero().squeeze(-1), weighted)
        # load balancing loss: num_experts * sum_i (fraction of tokens whose top-1 is i) * (mean prob of i)
        top1 = F.one_hot(indices[..., 0], self.num_experts).float().view(-1, self.num_experts)
        aux = self.num_experts * (top1.mean(0) * probs.view(-1, self.num_experts).mean(0)).sum()
        return final_output, aux


n_embd, num_experts, top_k = 8, 4, 2
router = NoisyTopkRouter(n_embd, num_experts, top_k)
mh = torch.randn(2, 4, n_embd)
gates, idx, _ = router(mh)
print("router output:", tuple(gates.shape), "indices:", tuple(idx.shape))
print("nonzero gates per token:", (gates > 0).sum(-1).unique().tolist())
print("gates sum to one:", torch.allclose(gates.sum(-1), torch.ones(2, 4)))
router.eval()
g1, i1, _ = router(mh)
g2, i2, _ = router(mh)
print("eval routing deterministic:", torch.equal(i1, i2) and torch.equal(g1, g2))

moe = SparseMoE(n_embd, num_experts, top_k)
out, aux = moe(mh)
print("moe output:", tuple(out.shape), "aux loss near 1:", 0.5 < aux.item() < 2.5)
print("parameters:", sum(p.numel() for p in moe.parameters()))

# check the dispatch against a dense computation with the same gates
moe.eval()
with torch.no_grad():
    out, _ = moe(mh)
    gates, _, _ = moe.router(mh)
    dense = sum(gates[..., i:i + 1] * e(mh) for i, e in enumerate(moe.experts))
print("sparse dispatch equals dense weighted sum:", torch.allclose(out, dense, atol=1e-6))

# a task made for experts: four input regions, each with its own target function
def make_data(n):
    x = torch.randn(n, n_embd)
    region = (x[:, 0] > 0).long() * 2 + (x[:, 1] > 0).long()
    w = torch.stack([torch.linspace(-1, 1, n_embd) * (r + 1) for r in range(4)])
    y = torch.tanh(x * w[region])
    return x, y, region


x, y, region = make_data(1024)
moe = SparseMoE(n_embd, num_experts, top_k)
opt = torch.optim.AdamW(moe.parameters(), lr=3e-3)
for step in range(301):
    moe.train()
    pred, aux = moe(x[:, None, :])
    loss = F.mse_loss(pred.squeeze(1), y)
    total = loss + 0.01 * aux
    opt.zero_grad(); total.backward(); opt.step()
    if step % 100 == 0:
        print(f"step {step} mse {loss.item():.4f} aux {aux.item():.4f}")
moe.eval()
with torch.no_grad():
    xt, yt, rt = make_data(512)
    pred, _ = moe(xt[:, None, :])
    _, idx, _ = moe.router(xt[:, None, :])
print("test mse below 0.1:", F.mse_loss(pred.squeeze(1), yt).item() < 0.1)
usage = torch.bincount(idx[:, 0, 0], minlength=num_experts).float() / len(xt)
print("every expert used as top-1:", bool((usage > 0).all()), "usage sums to 1:", round(usage.sum().item(), 4))
