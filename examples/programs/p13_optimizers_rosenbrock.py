# Minimising the Rosenbrock function with each optimizer in torch.optim.
import torch
import torch.optim as optim


def rosenbrock(p):
    x, y = p[0], p[1]
    return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2


def run(name, make, steps=200):
    p = torch.tensor([-1.5, 2.0], requires_grad=True)
    optimizer = make([p])
    for _ in range(steps):
        optimizer.zero_grad()
        loss = rosenbrock(p)
        loss.backward()
        optimizer.step()
    print(f"{name:10s} loss {rosenbrock(p).item():.5f} at {[round(v, 4) for v in p.tolist()]}")


run("SGD", lambda ps: optim.SGD(ps, lr=1e-4, momentum=0.9))
run("Nesterov", lambda ps: optim.SGD(ps, lr=1e-4, momentum=0.9, nesterov=True))
run("Adam", lambda ps: optim.Adam(ps, lr=0.05))
run("AdamW", lambda ps: optim.AdamW(ps, lr=0.05, weight_decay=0.01))
run("AMSGrad", lambda ps: optim.Adam(ps, lr=0.05, amsgrad=True))
run("RMSprop", lambda ps: optim.RMSprop(ps, lr=0.01))
run("Adagrad", lambda ps: optim.Adagrad(ps, lr=0.5))
run("Adamax", lambda ps: optim.Adamax(ps, lr=0.05))
run("NAdam", lambda ps: optim.NAdam(ps, lr=0.05))
run("RAdam", lambda ps: optim.RAdam(ps, lr=0.05))
run("Adadelta", lambda ps: optim.Adadelta(ps, lr=1.0))

p = torch.tensor([-1.5, 2.0], requires_grad=True)
lbfgs = optim.LBFGS([p], lr=1, max_iter=50, line_search_fn="strong_wolfe")


def closure():
    lbfgs.zero_grad()
    loss = rosenbrock(p)
    loss.backward()
    return loss


for _ in range(3):
    lbfgs.step(closure)
print(f"LBFGS      loss {rosenbrock(p).item():.5f}")
