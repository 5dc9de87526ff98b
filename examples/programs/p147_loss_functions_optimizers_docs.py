# The torch.nn loss pages' examples for the less common losses (HuberLoss, SmoothL1Loss with beta,
# GaussianNLLLoss, PoissonNLLLoss, KLDivLoss with log_target, MultiLabelSoftMarginLoss, MultiLabelMarginLoss,
# MultiMarginLoss, SoftMarginLoss, HingeEmbeddingLoss, MarginRankingLoss, BCEWithLogitsLoss with pos_weight,
# CrossEntropyLoss with probabilities, label_smoothing, ignore_index and weights), with fixed inputs so the values
# print; then the torch.optim page: per-parameter options, add_param_group, the less common optimizers (Rprop,
# Adadelta, Adamax, ASGD, SGD nesterov) on one problem, and SequentialLR/ChainedScheduler/LinearLR/ExponentialLR.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
pred = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]], requires_grad=True)
target = torch.tensor([[0.0, -1.2, 4.0], [1.0, 0.3, 0.5]])

for loss_fn in [nn.HuberLoss(), nn.HuberLoss(delta=0.5), nn.SmoothL1Loss(beta=0.5), nn.L1Loss(reduction='sum')]:
    loss = loss_fn(pred, target)
    g, = torch.autograd.grad(loss, pred)
    print(loss_fn, f"{loss.item():.4f}", g[0])

var = torch.tensor([[0.5, 1.0, 2.0], [1.0, 1.0, 1.0]])
print("GaussianNLL", nn.GaussianNLLLoss()(pred, target, var), nn.GaussianNLLLoss(full=True)(pred, target, var))
print("GaussianNLL homoscedastic", nn.GaussianNLLLoss()(pred, target, torch.ones(2, 1)))
counts = torch.tensor([[0.0, 1.0, 3.0], [2.0, 0.0, 1.0]])
print("PoissonNLL", nn.PoissonNLLLoss()(pred, counts), nn.PoissonNLLLoss(log_input=False)(pred.exp(), counts),
      nn.PoissonNLLLoss(full=True)(pred, counts))

kl_loss = nn.KLDivLoss(reduction="batchmean")
input = F.log_softmax(pred, dim=1)
tgt = F.softmax(target, dim=1)
print("KLDiv", kl_loss(input, tgt))
kl_loss = nn.KLDivLoss(reduction="batchmean", log_target=True)
log_target = F.log_softmax(target, dim=1)
print("KLDiv log_target", kl_loss(input, log_target))

ml_target = torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
print("MultiLabelSoftMargin", nn.MultiLabelSoftMarginLoss()(pred, ml_target))
loss = nn.MultiLabelMarginLoss()
x = torch.FloatTensor([[0.1, 0.2, 0.4, 0.8]])
# for target y, only consider labels 3 and 0, not after label -1
y = torch.LongTensor([[3, 0, -1, 1]])
# 0.25 * ((1-(0.1-0.2)) + (1-(0.1-0.4)) + (1-(0.8-0.2)) + (1-(0.8-0.4)))
print("MultiLabelMargin", loss(x, y))
loss = nn.MultiMarginLoss()
x = torch.tensor([[0.1, 0.2, 0.4, 0.8]])
y = torch.tensor([3])
# 0.25 * ((1-(0.8-0.1)) + (1-(0.8-0.2)) + (1-(0.8-0.4)))
print("MultiMargin", loss(x, y), nn.MultiMarginLoss(p=2, margin=0.5, weight=torch.tensor([1., 2, 3, 4]))(x, y))
signs = torch.tensor([[1.0, -1.0, 1.0], [-1.0, 1.0, 1.0]])
print("SoftMargin", nn.SoftMarginLoss()(pred, signs), "HingeEmbedding", nn.HingeEmbeddingLoss(margin=1.0)(pred, signs))
print("MarginRanking", nn.MarginRankingLoss(margin=0.2)(pred[0], pred[1], torch.tensor([1.0, -1.0, 1.0])))

logits = torch.tensor([[1.0, -2.0, 0.5]])
bce_target = torch.tensor([[1.0, 0.0, 1.0]])
print("BCEWithLogits pos_weight", nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0, 1.0, 1.0]))(logits, bce_target))
print("BCEWithLogits weight", nn.BCEWithLogitsLoss(weight=torch.tensor([1.0, 2.0, 0.5]), reduction='none')(logits, bce_target))

ce_logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 0.3], [1.0, 1.0, 1.0], [-1.0, 3.0, 0.0]], requires_grad=True)
ce_target = torch.tensor([0, 2, -100, 1])
print("CE ignore_index", F.cross_entropy(ce_logits, ce_target))
print("CE label_smoothing", F.cross_entropy(ce_logits, torch.tensor([0, 2, 1, 1]), label_smoothing=0.1))
print("CE weight", F.cross_entropy(ce_logits, torch.tensor([0, 2, 1, 1]), weight=torch.tensor([1.0, 2.0, 0.5])))
probs_target = torch.tensor([[0.7, 0.2, 0.1], [0.0, 0.0, 1.0], [1 / 3, 1 / 3, 1 / 3], [0.1, 0.8, 0.1]])
loss = F.cross_entropy(ce_logits, probs_target)
loss.backward()
print("CE probabilities", loss, ce_logits.grad[0])
print("NLL none", F.nll_loss(F.log_softmax(ce_logits, 1), torch.tensor([0, 2, 1, 1]), reduction='none'))

# torch.optim: per-parameter options and add_param_group
model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
optimizer = torch.optim.SGD([
    {'params': model[0].parameters()},
    {'params': model[2].parameters(), 'lr': 1e-3}
], lr=1e-2, momentum=0.9)
print([(g['lr'], g['momentum'], len(g['params'])) for g in optimizer.param_groups])
extra = nn.Parameter(torch.zeros(2))
optimizer.add_param_group({'params': [extra], 'lr': 0.5, 'nesterov': False})
print(len(optimizer.param_groups), optimizer.param_groups[2]['lr'], optimizer.param_groups[2]['momentum'])
try:
    optimizer.add_param_group({'params': model[0].weight})
except ValueError as e:
    print("ValueError:", e)

X = torch.randn(64, 3)
Y = (X @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.3)


def fit(opt_cls, **kwargs):
    torch.manual_seed(1)
    net = nn.Linear(3, 1)
    opt = opt_cls(net.parameters(), **kwargs)
    for _ in range(100):
        opt.zero_grad()
        loss = F.mse_loss(net(X), Y)
        loss.backward()
        opt.step()
    return loss.item(), opt


for cls, kw in [(torch.optim.Rprop, {'lr': 0.01}), (torch.optim.Adadelta, {'lr': 1.0}),
                (torch.optim.Adamax, {'lr': 0.05}), (torch.optim.ASGD, {'lr': 0.05}),
                (torch.optim.SGD, {'lr': 0.05, 'momentum': 0.9, 'nesterov': True})]:
    final, opt = fit(cls, **kw)
    print(f"{cls.__name__:8s} loss {final:.4f} converged {final < 0.05}", sorted(opt.state[opt.param_groups[0]['params'][0]].keys()))
print(torch.optim.Rprop(nn.Linear(1, 1).parameters()))

# scheduler composition
opt = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.1)
warmup = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=3)
decay = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
sched = torch.optim.lr_scheduler.SequentialLR(opt, schedulers=[warmup, decay], milestones=[3])
lrs = []
for _ in range(7):
    lrs.append(round(opt.param_groups[0]['lr'], 6))
    opt.step()
    sched.step()
print("SequentialLR", lrs)
opt = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=1.0)
chained = torch.optim.lr_scheduler.ChainedScheduler([torch.optim.lr_scheduler.ConstantLR(opt, factor=0.1, total_iters=2),
                                                     torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)])
lrs = []
for _ in range(5):
    lrs.append(round(opt.param_groups[0]['lr'], 6))
    opt.step()
    chained.step()
print("ChainedScheduler", lrs)
opt = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=1.0)
poly = torch.optim.lr_scheduler.PolynomialLR(opt, total_iters=4, power=2.0)
lrs = []
for _ in range(6):
    lrs.append(round(opt.param_groups[0]['lr'], 6))
    opt.step()
    poly.step()
print("PolynomialLR", lrs, poly.state_dict()['last_epoch'])
