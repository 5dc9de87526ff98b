"""PyTorch 2.13 details two course notebooks printed: round's node is RoundBackward1 whenever ``decimals=`` is
given (its round.decimals overload) and RoundBackward0 without it; ``optim.lr_scheduler._LRScheduler`` is still
the base class tutorials from before PyTorch 2.0 subclass."""
import gradlib


def test_round_node_follows_the_overload(device):
    x = gradlib.tensor([1.26, 2.5, -0.5], device=device, requires_grad=True)
    assert gradlib.round(x).grad_fn.name() == "RoundBackward0" and x.round().grad_fn.name() == "RoundBackward0"
    assert gradlib.round(x, decimals=0).grad_fn.name() == "RoundBackward1"
    assert x.round(decimals=1).grad_fn.name() == "RoundBackward1"
    assert gradlib.round(x, decimals=1).tolist() == [1.2999999523162842, 2.5, -0.5]
    assert gradlib.round(x).tolist() == gradlib.round(x, decimals=0).tolist() == [1.0, 2.0, -0.0]
    y = x.detach().clone().requires_grad_(True) * 1
    assert y.round_().grad_fn.name() == "RoundBackward0"
    (gradlib.round(x, decimals=1) * 3).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0]


def test_old_scheduler_base_name_can_be_subclassed():
    class CosineWarmupScheduler(gradlib.optim.lr_scheduler._LRScheduler):
        def __init__(self, optimizer, warmup):
            self.warmup = warmup
            super().__init__(optimizer)

        def get_lr(self):
            factor = min(1.0, (self.last_epoch + 1) / self.warmup)
            return [base_lr * factor for base_lr in self.base_lrs]

    assert issubclass(gradlib.optim.lr_scheduler._LRScheduler, gradlib.optim.lr_scheduler.LRScheduler)
    optimizer = gradlib.optim.SGD([gradlib.zeros(1, requires_grad=True)], lr=1.0)
    scheduler = CosineWarmupScheduler(optimizer, warmup=4)
    lrs = []
    for _ in range(3):
        optimizer.step()
        scheduler.step()
        lrs.append(scheduler.get_last_lr()[0])
    assert lrs == [0.5, 0.75, 1.0]
