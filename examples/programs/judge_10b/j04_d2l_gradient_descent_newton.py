# d2l.ai "Gradient Descent" and "Stochastic Gradient Descent": 1-D gradient descent on f(x)=x^2 with several
# learning rates, a nonconvex f(x)=x*cos(cx), 2-D descent on f(x1,x2)=x1^2+2x2^2, Newton's method on a convex
# and a nonconvex function (with gradients and Hessians from autograd), and SGD with constant, exponential
# and polynomial learning-rate decay.
import math
import torch

torch.manual_seed(0)


def f(x):
    return x ** 2


def gd(eta, f_grad, steps=10):
    x = 10.0
    results = [x]
    for i in range(steps):
        x -= eta * f_grad(x)
        results.append(float(x))
    return results


for eta in (0.05, 0.2, 0.4, 1.1):
    res = gd(eta, lambda x: 2 * x)
    print(f"eta {eta}: epoch 10, x: {res[-1]:.6f}")

c = 0.15 * math.pi
res = gd(2, lambda x: math.cos(c * x) - c * x * math.sin(c * x))
print(f"nonconvex f=x*cos(cx), eta 2: x {res[-1]:.4f}")


def f_2d(x1, x2):
    return x1 ** 2 + 2 * x2 ** 2


def train_2d(trainer, steps=20):
    x1, x2, s1, s2 = -5, -2, 0, 0
    for i in range(steps):
        x1, x2, s1, s2 = trainer(x1, x2, s1, s2)
    return x1, x2


eta = 0.1
gd_2d = lambda x1, x2, s1, s2: (x1 - eta * 2 * x1, x2 - eta * 4 * x2, 0, 0)
print("gd 2d: epoch 20, x1: %f, x2: %f" % train_2d(gd_2d))


def sgd_2d(x1, x2, s1, s2):
    g1, g2 = 2 * x1, 4 * x2
    g1 += torch.normal(0.0, 1, (1,)).item()
    g2 += torch.normal(0.0, 1, (1,)).item()
    eta_t = eta * lr()
    return (x1 - eta_t * g1, x2 - eta_t * g2, 0, 0)


def constant_lr():
    return 1


t = 1


def exponential_lr():
    global t
    t += 1
    return math.exp(-0.1 * t)


def polynomial_lr():
    global t
    t += 1
    return (1 + 0.1 * t) ** (-0.5)


for name, sched in (("constant", constant_lr), ("exponential", exponential_lr), ("polynomial", polynomial_lr)):
    t = 1
    lr = sched
    x1, x2 = train_2d(sgd_2d, steps=50)
    print(f"sgd {name}: f = {f_2d(x1, x2):.4f}, final lr factor {sched():.4f}")


def newton(fun, x0, eta=1.0, steps=10):
    x = torch.tensor(x0, requires_grad=True)
    for _ in range(steps):
        y = fun(x)
        (g,) = torch.autograd.grad(y, x, create_graph=True)
        (h,) = torch.autograd.grad(g, x)
        with torch.no_grad():
            x -= eta * g / h
    return x.item(), g.item(), h.item()


cosh = lambda x: torch.cosh(c * x)
x, g, h = newton(cosh, 10.0)
print(f"newton on cosh(cx): x {x:.6f}, grad {g:.6f}, hessian {h:.4f}")
xcos = lambda x: x * torch.cos(c * x)
x, g, h = newton(xcos, 10.0)
print(f"newton on x*cos(cx), eta 1: x {x:.4f} (negative curvature: hessian {h:.4f})")
x, g, h = newton(xcos, 10.0, eta=0.5)
print(f"newton on x*cos(cx), eta 0.5: x {x:.4f}, hessian {h:.4f}")

xy = torch.tensor([-5.0, -2.0], requires_grad=True)
opt = torch.optim.SGD([xy], lr=0.1)
for _ in range(20):
    opt.zero_grad()
    loss = xy[0] ** 2 + 2 * xy[1] ** 2
    loss.backward()
    opt.step()
print("torch.optim.SGD 2d:", [round(v, 6) for v in xy.tolist()])
H = torch.autograd.functional.hessian(lambda v: v[0] ** 2 + 2 * v[1] ** 2, xy.detach())
print("hessian of f_2d:", H.tolist(), "condition number", (H.diag().max() / H.diag().min()).item())
