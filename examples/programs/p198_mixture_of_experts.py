# A sparsely-gated mixture of experts (Shazeer et al. 2017, as the "MoE from scratch" notebooks and the
# makeMoE / st-moe style PyTorch code write it): a noisy top-k router (softplus noise scale, topk, scatter of
# -inf, softmax), experts as small FFNs, dispatch by boolean masks and index_add_, the auxiliary
# load-balancing loss (fraction of tokens times mean router probability), capacity counting with bincount, and
# training on a synthetic regression whose target depends on the input's cluster.
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
        self.top_k = top_k
        self.num_experts = num_experts

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
                weighted_output = expert_output * gating_scores
                final_output.view(-1, x.size(-1)).index_add_(0, torch.nonzero(flat_mask).squeeze(1), weighted_output)
        tokens_per_expert = torch.bincount(indices.view(-1), minlength=self.num_experts)
        fraction = tokens_per_expert.float() / indices.numel()
        aux_loss = self.num_experts * (fraction * probs.view(-1, self.num_experts).mean(0)).sum()
        return final_output, aux_loss, tokens_per_expert


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
