# Signal processing with torch.fft as the docs and the "FFT in PyTorch" blog posts use it: a noisy sum of
# sines, rfft magnitudes and rfftfreq to find the dominant frequencies, a low-pass filter by zeroing bins and
# irfft back, Parseval's theorem, fftshift/ifftshift, the convolution theorem checked against F.conv1d
# (circular padding), a 2-D fft2 of an image with a Gaussian blur, and gradients flowing through rfft/irfft to
# learn a frequency-domain filter.
import math

import torch
import torch.nn.functional as F

torch.manual_seed(0)
fs = 64
t = torch.arange(0, 2, 1 / fs)
clean = torch.sin(2 * math.pi * 5 * t) + 0.5 * torch.sin(2 * math.pi * 12 * t)
noisy = clean + 0.3 * torch.randn(t.shape)
print("samples", t.numel(), "dt", t[1].item())

spectrum = torch.fft.rfft(noisy)
freqs = torch.fft.rfftfreq(noisy.numel(), d=1 / fs)
print("spectrum", spectrum.shape, spectrum.dtype, "freqs", freqs[:6])
mag = spectrum.abs() / (noisy.numel() / 2)
top = torch.topk(mag, 2)
print("dominant frequencies", freqs[top.indices].tolist())
print("clean spectrum peaks", (torch.fft.rfft(clean).abs() / 64).round(decimals=3)[[10, 24]])

cutoff = 15
filtered_spec = spectrum * (freqs <= cutoff)
filtered = torch.fft.irfft(filtered_spec, n=noisy.numel())
print("filtered", filtered.shape, "mse before %.4f after %.4f" % (F.mse_loss(noisy, clean).item(),
                                                                  F.mse_loss(filtered, clean).item()))

full = torch.fft.fft(noisy)
print("Parseval:", torch.allclose((noisy ** 2).sum(), (full.abs() ** 2).sum() / noisy.numel(), rtol=1e-4))
print("round trip:", torch.allclose(torch.fft.ifft(full).real, noisy, atol=1e-5))
print("fftfreq", torch.fft.fftfreq(8))
print("fftshift", torch.fft.fftshift(torch.fft.fftfreq(8)))
print("ifftshift", torch.fft.ifftshift(torch.fft.fftshift(torch.arange(8))))

x = torch.randn(16)
k = torch.tensor([0.25, 0.5, 0.25])
kernel = torch.zeros(16)
kernel[:3] = k
circ_fft = torch.fft.irfft(torch.fft.rfft(x) * torch.fft.rfft(kernel), n=16)
padded = F.pad(x.view(1, 1, -1), (2, 0), mode="circular")
circ_conv = F.conv1d(padded, k.flip(0).view(1, 1, -1)).view(-1)
print("convolution theorem:", torch.allclose(circ_fft, circ_conv, atol=1e-6))
print(circ_fft[:5].round(decimals=4))

img = torch.zeros(16, 16)
img[4:12, 6:10] = 1.0
yy, xx = torch.meshgrid(torch.fft.fftfreq(16), torch.fft.fftfreq(16), indexing="ij")
gauss = torch.exp(-(xx ** 2 + yy ** 2) / (2 * 0.1 ** 2))
blurred = torch.fft.ifft2(torch.fft.fft2(img) * gauss).real
print("blurred sum %.4f original sum %.1f" % (blurred.sum().item(), img.sum().item()))
print(blurred[8, 4:12].round(decimals=3))
print("fftn == fft2:", torch.allclose(torch.fft.fftn(img), torch.fft.fft2(img)))
print("norm='ortho' energy", round(torch.fft.fft(noisy, norm="ortho").abs().pow(2).sum().item(), 2),
      round((noisy ** 2).sum().item(), 2))

weights = torch.zeros(freqs.numel(), requires_grad=True)
opt = torch.optim.Adam([weights], lr=0.1)
for step in range(60):
    gain = torch.sigmoid(weights)
    out = torch.fft.irfft(torch.fft.rfft(noisy) * gain, n=noisy.numel())
    loss = F.mse_loss(out, clean)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 20 == 0:
        print("step", step, "loss %.4f" % loss.item())
print("learned gains at 5 Hz and 12 Hz: %.3f %.3f" % (torch.sigmoid(weights[10]).item(),
                                                      torch.sigmoid(weights[24]).item()))
print("mean gain elsewhere %.3f" % torch.sigmoid(weights[30:]).mean().item())
