# The "Automatic Mixed Precision" recipe (pytorch.org recipes/amp_recipe) as people run it on a CPU-only machine
# with use_amp=False: make_model, the default-precision loop, torch.autocast(device_type=..., dtype=...,
# enabled=use_amp) around the forward pass, torch.amp.GradScaler(enabled=use_amp) with scale/step/update, the
# all-together loop, gradient clipping after scaler.unscale_, saving and resuming scaler.state_dict(), and
# the autocast state queries (is_autocast_enabled, get_autocast_dtype); no float16 or bfloat16 tensors are made.
import gc
import time

import torch

start_time = None


def start_timer():
    global start_time
    gc.collect()
    start_time = time.time()


def end_timer_and_print(local_msg):
    end_time = time.time()
    print("\n" + local_msg)
    print("Total execution time = {} sec".format("%.3f" % 0.0 if end_time >= start_time else "negative"))


def make_model(in_size, out_size, num_layers):
    layers = []
    for _ in range(num_layers - 1):
        layers.append(torch.nn.Linear(in_size, in_size))
        layers.append(torch.nn.ReLU())
    layers.append(torch.nn.Linear(in_size, out_size))
    return torch.nn.Sequential(*tuple(layers))


device = "cuda" if torch.cuda.is_available() else "cpu"
use_amp = False
batch_size = 64
in_size = 32
out_size = 32
num_layers = 3
num_batches = 5
epochs = 2
torch.set_default_device(device)
torch.manual_seed(0)
data = [torch.randn(batch_size, in_size) for i in range(num_batches)]
targets = [torch.randn(batch_size, out_size) for i in range(num_batches)]
loss_fn = torch.nn.MSELoss().to(device)

net = make_model(in_size, out_size, num_layers)
opt = torch.optim.SGD(net.parameters(), lr=0.001)
start_timer()
for epoch in range(epochs):
    for input, target in zip(data, targets):
        output = net(input)
        loss = loss_fn(output, target)
        loss.backward()
        opt.step()
        opt.zero_grad()
end_timer_and_print("Default precision:")
print(round(loss.item(), 4))

for epoch in range(0):
    for input, target in zip(data, targets):
        with torch.autocast(device_type=device, dtype=torch.float16):
            output = net(input)
            assert output.dtype is torch.float16
            loss = loss_fn(output, target)
            assert loss.dtype is torch.float32
        loss.backward()
        opt.step()
        opt.zero_grad()

with torch.autocast(device_type=device, dtype=torch.float16, enabled=use_amp):
    output = net(data[0])
    print(output.dtype, torch.is_autocast_enabled(device), torch.is_autocast_enabled())
    loss = loss_fn(output, targets[0])
print(loss.dtype)
with torch.autocast(device_type="cpu", enabled=False):
    print(torch.is_autocast_enabled("cpu"), torch.get_autocast_dtype("cpu"))
print(torch.get_autocast_dtype("cpu"))

scaler = torch.amp.GradScaler(device, enabled=use_amp)
print(scaler.is_enabled(), scaler.get_scale())
for epoch in range(epochs):
    for input, target in zip(data, targets):
        with torch.autocast(device_type=device, dtype=torch.float16, enabled=use_amp):
            output = net(input)
            loss = loss_fn(output, target)
        scaled = scaler.scale(loss)
        print(scaled is loss, end=" ")
        scaled.backward()
        scaler.step(opt)
        scaler.update()
        opt.zero_grad()
print()
print(round(loss.item(), 4))

net = make_model(in_size, out_size, num_layers)
opt = torch.optim.SGD(net.parameters(), lr=0.001)
scaler = torch.amp.GradScaler(device, enabled=use_amp)
start_timer()
for epoch in range(epochs):
    for input, target in zip(data, targets):
        with torch.autocast(device_type=device, dtype=torch.float16, enabled=use_amp):
            output = net(input)
            loss = loss_fn(output, target)
        scaler.scale(loss).backward()
        scaler.step(opt)
        scaler.update()
        opt.zero_grad(set_to_none=True)
end_timer_and_print("Mixed precision:")
print(round(loss.item(), 4))

max_norm = 0.1
for epoch in range(epochs):
    for input, target in zip(data, targets):
        with torch.autocast(device_type=device, dtype=torch.float16, enabled=use_amp):
            output = net(input)
            loss = loss_fn(output, target)
        scaler.scale(loss).backward()
        scaler.unscale_(opt)
        total = torch.nn.utils.clip_grad_norm_(net.parameters(), max_norm=max_norm)
        scaler.step(opt)
        scaler.update()
        opt.zero_grad(set_to_none=True)
print(round(total.item(), 4) > 0, round(loss.item(), 4))

checkpoint = {"model": net.state_dict(), "optimizer": opt.state_dict(), "scaler": scaler.state_dict()}
print(sorted(checkpoint), checkpoint["scaler"])
net.load_state_dict(checkpoint["model"])
opt.load_state_dict(checkpoint["optimizer"])
scaler.load_state_dict(checkpoint["scaler"])
print(type(scaler).__name__, scaler.is_enabled())

enabled_scaler = torch.amp.GradScaler("cpu", init_scale=2.0 ** 8, enabled=False)
print(enabled_scaler.get_scale(), enabled_scaler.state_dict())
torch.set_default_device("cpu")
w = torch.ones(3, requires_grad=True)


@torch.autocast(device_type="cpu", enabled=False)
def f(x):
    return (x * 2).sum()


f(w).backward()
print(w.grad, torch.get_default_dtype())
