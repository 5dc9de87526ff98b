# The "Complex Numbers" docs note and the torch.fft docs examples: creating complex tensors (complex dtype,
# torch.complex, view_as_complex / view_as_real), real/imag/abs/angle/conj, polar form, linear algebra with
# complex matrices, fft / ifft / rfft / fftfreq / fftshift, autograd with complex intermediates (the gradient
# of a real loss is the conjugate Wirtinger derivative), and fitting a complex linear filter with Adam.
import math
import torch
import torch.nn.functional as F

torch.manual_seed(0)

x = torch.randn(2, 2, dtype=torch.cfloat)
print("dtype:", x.dtype, "is_complex:", x.is_complex(), "real dtype:", x.real.dtype)
y = torch.tensor([[1 + 2j, 3 - 1j]])
print(y)
z = torch.complex(torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0]))
print("torch.complex:", z)

r = torch.randn(3, 2)
print("view_as_complex shape:", torch.view_as_complex(r).shape)
print("view_as_real:", torch.view_as_real(y))

print("real:", y.real, "imag:", y.imag)
print("abs:", y.abs())
print("angle:", y.angle())
print("conj:", y.conj(), "is_conj:", y.conj().is_conj())
p = torch.polar(torch.tensor([2.0]), torch.tensor([math.pi / 2]))
print("polar: %.4f %.4f" % (p.real.item(), p.imag.item()))
y.imag.mul_(2)
print("in-place on imag:", y)

# linear algebra
A = torch.tensor([[2 + 1j, 1 - 1j], [0 + 1j, 3 + 0j]])
b = torch.tensor([1 + 0j, 2 - 1j])
sol = torch.linalg.solve(A, b)
print("solve residual small:", (A @ sol - b).abs().max().item() < 1e-5)
H = A @ A.mH
print("A A^H Hermitian:", torch.allclose(H, H.mH))
print("eigvalsh:", torch.linalg.eigvalsh(H))
print("det:", torch.linalg.det(A))

# FFTs
t = torch.arange(16.0)
signal = torch.cos(2 * math.pi * 3 * t / 16) + 0.5 * torch.sin(2 * math.pi * 5 * t / 16)
spec = torch.fft.fft(signal)
print("fft dtype:", spec.dtype, "peaks at:", spec.abs().topk(4).indices.sort().values.tolist())
print("rfft magnitudes:", torch.fft.rfft(signal).abs().round(decimals=4))
print("ifft round trip:", torch.allclose(torch.fft.ifft(spec).real, signal, atol=1e-5))
print("irfft round trip:", torch.allclose(torch.fft.irfft(torch.fft.rfft(signal), n=16), signal, atol=1e-5))
print("fftfreq:", torch.fft.fftfreq(8))
print("fftshift:", torch.fft.fftshift(torch.fft.fftfreq(8)))
img = torch.randn(4, 4)
print("fft2 round trip:", torch.allclose(torch.fft.ifft2(torch.fft.fft2(img)).real, img, atol=1e-5))

# autograd: gradient of a real function of a complex tensor
w = torch.tensor([1 + 1j, 2 - 1j], requires_grad=True)
loss = (w * w.conj()).real.sum()        # |w|^2
loss.backward()
print("grad of |w|^2:", w.grad)           # 2 * w
u = torch.randn(8, requires_grad=True)
energy = torch.fft.rfft(u).abs().pow(2).sum()
energy.backward()
print("rfft energy grad shape:", u.grad.shape, "grad_fn was:", energy.grad_fn.name())

# fitting a complex filter in the frequency domain: learn H so that irfft(rfft(x) * H) matches a target
true_H = torch.polar(torch.linspace(1.0, 0.2, 9), torch.linspace(0.0, 1.0, 9))
xs = torch.randn(64, 16)
targets = torch.fft.irfft(torch.fft.rfft(xs) * true_H, n=16)
Hr = torch.zeros(9, 2, requires_grad=True)
opt = torch.optim.Adam([Hr], lr=0.05)
for step in range(200):
    Hc = torch.view_as_complex(Hr)
    pred = torch.fft.irfft(torch.fft.rfft(xs) * Hc, n=16)
    loss = F.mse_loss(pred, targets)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 50 == 0:
        print(f"step {step} loss {loss.item():.6f}")
err = (torch.view_as_complex(Hr.detach()) - true_H)[1:8].abs().max().item()
print("interior filter recovered:", err < 0.05)
