# The "Complex Numbers" docs note, as written, then a small use of it: creating complex tensors (torch.randn with
# dtype=torch.cfloat, torch.complex, view_as_complex / view_as_real), accessing real and imag, angle and abs,
# polar, linear algebra on complex matrices (matmul, linalg.solve, eigvals of a rotation), serialization through
# torch.save, autograd with PyTorch's conjugate Wirtinger convention (the gradient of |z|^2 is 2z), and fitting a
# complex-valued linear filter to a phase-shifted signal with SGD on complex parameters.
import io
import math

import torch

torch.manual_seed(0)
x = torch.randn(2, 2, dtype=torch.cfloat)
print(x.dtype, x.shape, x.is_complex())
real = torch.tensor([1.0, 2.0])
imag = torch.tensor([3.0, 4.0])
z = torch.complex(real, imag)
print(z)
y = torch.randn(3, 2)
print(torch.view_as_complex(y).shape, torch.view_as_real(torch.view_as_complex(y)).shape)
z2 = torch.tensor([3 + 4j, -1 + 0j, 1j])
print(z2.real, z2.imag)
print(z2.abs(), z2.angle())
z2.real.mul_(2)
print(z2)
p = torch.polar(torch.tensor([1.0, 2.0]), torch.tensor([0.0, math.pi / 2]))
print(p.real.round(decimals=4) + 0.0, p.imag.round(decimals=4) + 0.0)
print(torch.conj(z2), z2.conj().is_conj(), z2.conj().resolve_conj().is_conj())

A = torch.tensor([[1 + 1j, 2], [0, 1 - 1j]])
b = torch.tensor([1 + 0j, 1j])
sol = torch.linalg.solve(A, b)
print("solve", sol, torch.allclose(A @ sol, b))
theta = torch.tensor(math.pi / 3)
R = torch.tensor([[torch.cos(theta), -torch.sin(theta)], [torch.sin(theta), torch.cos(theta)]])
ev = torch.linalg.eigvals(R)
print("eigvals of a rotation", ev.dtype, ev.abs(), ev.angle().abs())
print("hermitian", (A @ A.mH).diagonal().real, torch.linalg.eigvalsh(A @ A.mH))

buffer = io.BytesIO()
torch.save(z2, buffer)
buffer.seek(0)
print("loaded", torch.load(buffer))

w = torch.tensor([1 + 2j, -3 + 1j], requires_grad=True)
loss = (w.abs() ** 2).sum()
loss.backward()
print("grad of |w|^2", w.grad, "== 2w:", torch.allclose(w.grad, 2 * w.detach()))
w.grad = None
(w * w.conj()).real.sum().backward()
print(w.grad)
u = torch.tensor(1 + 1j, requires_grad=True)
out = (u * (2 - 1j)).real
out.backward()
print("d Re(u c)/du", u.grad)

t = torch.linspace(0, 4 * math.pi, 64)
signal = torch.exp(1j * t)
target = 0.8 * torch.exp(1j * (t + 0.7))
h = torch.zeros(1, dtype=torch.cfloat, requires_grad=True)
opt = torch.optim.SGD([h], lr=0.5)
for step in range(50):
    loss = (h * signal - target).abs().pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0:
        print("step %2d loss %.6f" % (step, loss.item()))
print("learned gain %.4f phase %.4f" % (h.abs().item(), h.angle().item()))
print(torch.fft.fft(signal[:8]).abs().round(decimals=3))
