# pytorch/examples snli (model.py and train.py) on a synthetic three-class inference task: Bottle (apply a layer
# to a (time, batch, features) tensor by flattening), Linear(Bottle, nn.Linear), the Encoder (LSTM or
# bidirectional, the last hidden states concatenated), SNLIClassifier (fixed embeddings, a projection with
# ReLU, dropout, premise and hypothesis encodings concatenated into an MLP), Adam, and dev accuracy.
from types import SimpleNamespace
import torch
import torch.nn as nn

torch.manual_seed(3)


class Bottle(nn.Module):
    def forward(self, input):
        if len(input.size()) <= 2:
            return super(Bottle, self).forward(input)
        size = input.size()[:2]
        out = super(Bottle, self).forward(input.view(size[0] * size[1], -1))
        return out.view(size[0], size[1], -1)


class Linear(Bottle, nn.Linear):
    pass


class Encoder(nn.Module):
    def __init__(self, config):
        super(Encoder, self).__init__()
        self.config = config
        input_size = config.d_proj if config.projection else config.d_embed
        dropout = 0 if config.n_layers == 1 else config.dp_ratio
        self.rnn = nn.LSTM(input_size=input_size, hidden_size=config.d_hidden, num_layers=config.n_layers,
                           dropout=dropout, bidirectional=config.birnn)

    def forward(self, inputs):
        batch_size = inputs.size()[1]
        state_shape = self.config.n_cells, batch_size, self.config.d_hidden
        h0 = c0 = inputs.new_zeros(state_shape)
        outputs, (ht, ct) = self.rnn(inputs, (h0, c0))
        return ht[-1] if not self.config.birnn else ht[-2:].transpose(0, 1).contiguous().view(batch_size, -1)


class SNLIClassifier(nn.Module):
    def __init__(self, config):
        super(SNLIClassifier, self).__init__()
        self.config = config
        self.embed = nn.Embedding(config.n_embed, config.d_embed)
        self.projection = Linear(config.d_embed, config.d_proj)
        self.encoder = Encoder(config)
        self.dropout = nn.Dropout(p=config.dp_ratio)
        self.relu = nn.ReLU()
        seq_in_size = 2 * config.d_hidden
        if self.config.birnn:
            seq_in_size *= 2
        lin_config = [seq_in_size] * 2
        self.out = nn.Sequential(
            Linear(*lin_config), self.relu, self.dropout,
            Linear(*lin_config), self.relu, self.dropout,
            Linear(seq_in_size, config.d_out))

    def forward(self, premise, hypothesis):
        prem_embed = self.embed(premise)
        hypo_embed = self.embed(hypothesis)
        if self.config.fix_emb:
            prem_embed = prem_embed.detach()
            hypo_embed = hypo_embed.detach()
        if self.config.projection:
            prem_embed = self.relu(self.projection(prem_embed))
            hypo_embed = self.relu(self.projection(hypo_embed))
        premise = self.encoder(prem_embed)
        hypothesis = self.encoder(hypo_embed)
        return self.out(torch.cat([premise, hypothesis], 1))


# synthetic data: words 3..19; label 0 (entailment) if the hypothesis words all occur in the premise,
# 1 (contradiction) if the hypothesis starts with the negation word 2, else 2 (neutral)
def make_batch(n, gen):
    prem = torch.randint(3, 20, (6, n), generator=gen)
    hypo = torch.randint(3, 20, (4, n), generator=gen)
    label = torch.randint(0, 3, (n,), generator=gen)
    pick = torch.randint(0, 6, (4, n), generator=gen)
    hypo = torch.where(label == 0, prem.gather(0, pick), hypo)
    hypo[0] = torch.where(label == 1, torch.full_like(hypo[0], 2), hypo[0])
    hypo[0] = torch.where((label == 2) & (hypo[0] == 2), torch.full_like(hypo[0], 3), hypo[0])
    return prem, hypo, label


gen = torch.Generator().manual_seed(0)
dev = make_batch(200, gen)
for birnn in (False, True):
    config = SimpleNamespace(n_embed=20, d_embed=16, d_proj=16, projection=True, d_hidden=24, n_layers=1,
                             dp_ratio=0.2, birnn=birnn, d_out=3, fix_emb=False)
    config.n_cells = config.n_layers * (2 if birnn else 1)
    model = SNLIClassifier(config)
    print("birnn" if birnn else "lstm", "parameters:", sum(p.numel() for p in model.parameters()))
    criterion = nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=0.005)
    for iteration in range(1, 151):
        model.train()
        prem, hypo, label = make_batch(32, gen)
        opt.zero_grad()
        answer = model(prem, hypo)
        loss = criterion(answer, label)
        loss.backward()
        opt.step()
        if iteration % 50 == 0:
            model.eval()
            with torch.no_grad():
                dev_answer = model(dev[0], dev[1])
                n_correct = (torch.max(dev_answer, 1)[1].view(dev[2].size()) == dev[2]).sum().item()
                dev_loss = criterion(dev_answer, dev[2])
            print(f"  iteration {iteration} loss {loss.item():.4f} dev loss {dev_loss.item():.4f} "
                  f"dev acc {100. * n_correct / len(dev[2]):.1f}")
    print("  bottle output shape:", tuple(model.projection(torch.randn(5, 7, 16)).shape))
print("contradiction dev acc check:", (model(dev[0], dev[1]).argmax(1)[dev[2] == 1] == 1).float().mean().item() > 0.5)
