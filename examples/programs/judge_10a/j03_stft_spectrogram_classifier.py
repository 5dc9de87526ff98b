# Audio-style preprocessing in plain torch (what the torchaudio tutorials do with transforms.Spectrogram):
# synthetic tones, torch.stft with a Hann window, magnitude/power/log spectrograms, istft round trip, then a
# small Conv2d classifier that tells which of four pitches (with noise and random phase) a clip contains.
import math
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)

sr, dur = 4000, 0.25
t = torch.arange(int(sr * dur)) / sr
freqs = torch.tensor([220.0, 440.0, 660.0, 880.0])
n_fft, hop = 128, 32
window = torch.hann_window(n_fft)
print("window:", window.shape, window.dtype, f"sum {window.sum().item():.4f}")

wave = torch.sin(2 * math.pi * 440.0 * t)
spec = torch.stft(wave, n_fft=n_fft, hop_length=hop, window=window, return_complex=True)
print("stft:", tuple(spec.shape), spec.dtype)
power = spec.abs() ** 2
peak_bin = power.mean(1).argmax().item()
print("peak bin", peak_bin, "-> Hz", peak_bin * sr / n_fft)
recon = torch.istft(spec, n_fft=n_fft, hop_length=hop, window=window, length=wave.shape[0])
print(f"istft max error {(recon - wave).abs().max().item():.2e}")
db = 10 * torch.log10(power.clamp(min=1e-10))
print(f"dB range {db.min().item():.1f} .. {db.max().item():.1f}")
freq_axis = torch.fft.rfftfreq(n_fft, d=1 / sr)
print("rfftfreq:", freq_axis[:4].tolist(), "...", freq_axis[-1].item())


def make_clips(n):
    labels = torch.randint(0, 4, (n,))
    phase = torch.rand(n, 1) * 2 * math.pi
    amp = 0.5 + torch.rand(n, 1)
    clips = amp * torch.sin(2 * math.pi * freqs[labels].unsqueeze(1) * t + phase)
    clips = clips + 0.8 * torch.randn_like(clips)
    return clips, labels


def log_spec(clips):
    s = torch.stft(clips, n_fft=n_fft, hop_length=hop, window=window, return_complex=True)
    s = torch.log1p(s.abs())
    return (s - s.mean(dim=(1, 2), keepdim=True)).unsqueeze(1)


xtr, ytr = make_clips(512)
xte, yte = make_clips(128)
feats = log_spec(xtr)
print("batch of spectrograms:", tuple(feats.shape))


class SpecNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.bn = nn.BatchNorm2d(16)
        self.pool = nn.AdaptiveAvgPool2d((8, 1))
        self.fc = nn.Linear(16 * 8, 4)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.relu(self.bn(self.conv2(x)))
        return self.fc(self.pool(x).flatten(1))


model = SpecNet()
print("parameters:", sum(p.numel() for p in model.parameters()))
loader = DataLoader(TensorDataset(feats, ytr), batch_size=64, shuffle=True)
opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
for epoch in range(6):
    model.train()
    running = 0.0
    for xb, yb in loader:
        loss = F.cross_entropy(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        running += loss.item()
    model.eval()
    with torch.no_grad():
        acc = (model(log_spec(xte)).argmax(1) == yte).float().mean().item()
    print(f"epoch {epoch + 1} train loss {running / len(loader):.4f} test acc {acc:.3f}")

with torch.no_grad():
    probe = log_spec(torch.sin(2 * math.pi * freqs.unsqueeze(1) * t))
    print("clean tones predicted as:", model(probe).argmax(1).tolist())
