# "Automatic Mixed Precision" recipe, run on the CPU: the default-precision baseline, autocast regions
# (float16 on the CPU), GradScaler, "all together", inspecting/unscaling gradients, saving/resuming with the
# scaler's state, and the same loop with use_amp=False.
import time

import torch

torch.manual_seed(0)


def timer_start():
    global start_time
    start_time = time.time()


def timer_end(local_msg):
    end_time = time.time()
    # the recipe prints the time; the measured time is machine dependent, so only the message is printed here
    print("\n" + local_msg)


def make_model(in_size, out_size, num_layers):
    layers = []
    for _ in range(num_layers - 1):
        layers.append(torch.nn.Linear(in_size, in_size))
        layers.append(torch.nn.ReLU())
    layers.append(torch.nn.Linear(in_size, out_size))
    return torch.nn.Sequential(*tuple(layers))


batch_size = 32  # Try, for example, 128, 256, 513.
in_size = 64
out_size = 64
num_layers = 3
num_batches = 5
epochs = 2

device = 'cpu'

# Creates data in default precision.
# The same data is used for both default and mixed precision trials below.
# You don't need to manually change inputs' ``dtype`` when enabling mixed precision.
data = [torch.randn(batch_size, in_size, device=device) for _ in range(num_batches)]
targets = [torch.randn(batch_size, out_size, device=device) for _ in range(num_batches)]

loss_fn = torch.nn.MSELoss()

# Default Precision
net = make_model(in_size, out_size, num_layers)
opt = torch.optim.SGD(net.parameters(), lr=0.001)

timer_start()
for epoch in range(epochs):
    for input, target in zip(data, targets):
        output = net(input)
        loss = loss_fn(output, target)
        loss.backward()
        opt.step()
        opt.zero_grad()  # set_to_none=True here can modestly improve performance
timer_end("Default precision:")

# Adding torch.autocast
for epoch in range(0):  # 0 epochs, this section is for illustration only
    for input, target in zip(data, targets):
        # Runs the forward pass under ``autocast``.
        with torch.autocast(device_type=device, dtype=torch.float16):
            output = net(input)
            # output is float16 because linear layers ``autocast`` to float16.
            assert output.dtype is torch.float16

            loss = loss_fn(output, target)
            # loss is float32 because ``mse_loss`` layers ``autocast`` to float32.
            assert loss.dtype is torch.float32

        # Exits ``autocast`` before backward().
        # Backward passes under ``autocast`` are not recommended.
        # Backward ops run in the same ``dtype`` ``autocast`` chose for corresponding forward ops.
        loss.backward()
        opt.step()
        opt.zero_grad()

with torch.autocast(device_type=device, dtype=torch.float16):
    output = net(data[0])
    loss = loss_fn(output, targets[0])
print(output.dtype, loss.dtype)
print(torch.is_autocast_enabled(device), torch.get_autocast_dtype(device))
print(torch.is_autocast_enabled(device))

# Adding GradScaler
# Constructs a ``scaler`` once, at the beginning of the convergence run, using default arguments.
# If your network fails to converge with default ``GradScaler`` arguments, please file an issue.
# The same ``GradScaler`` instance should be used for the entire convergence run.
# If you perform multiple convergence runs in the same script, each run should use
# a dedicated fresh ``GradScaler`` instance. ``GradScaler`` instances are lightweight.
use_amp = False

net = make_model(in_size, out_size, num_layers)
opt = torch.optim.SGD(net.parameters(), lr=0.001)
scaler = torch.amp.GradScaler("cpu", enabled=use_amp)

timer_start()
for epoch in range(epochs):
    for input, target in zip(data, targets):
        with torch.autocast(device_type=device, dtype=torch.float16, enabled=use_amp):
            output = net(input)
            loss = loss_fn(output, target)
        scaler.scale(loss).backward()
        scaler.step(opt)
        scaler.update()
        opt.zero_grad()  # set_to_none=True here can modestly improve performance
timer_end("Mixed precision (use_amp=False):")
print(output.dtype, loss.dtype, scaler.is_enabled())

# Inspecting/modifying gradients (e.g., clipping)
max_norm = 1.0
for epoch in range(1):
    for input, target in zip(data, targets):
        with torch.autocast(device_type=device, dtype=torch.float16, enabled=use_amp):
            output = net(input)
            loss = loss_fn(output, target)
        scaler.scale(loss).backward()

        # Unscales the gradients of optimizer's assigned parameters in-place
        scaler.unscale_(opt)

        # Since the gradients of optimizer's assigned parameters are now unscaled, clips as usual.
        # You may use the same value for max_norm here as you would without gradient scaling.
        torch.nn.utils.clip_grad_norm_(net.parameters(), max_norm=max_norm)

        scaler.step(opt)
        scaler.update()
        opt.zero_grad()  # set_to_none=True here can modestly improve performance

# Saving/Resuming
checkpoint = {"model": net.state_dict(),
              "optimizer": opt.state_dict(),
              "scaler": scaler.state_dict()}
print(sorted(checkpoint.keys()), checkpoint["scaler"])

net.load_state_dict(checkpoint["model"])
opt.load_state_dict(checkpoint["optimizer"])
scaler.load_state_dict(checkpoint["scaler"])

# an enabled scaler: the scale it starts with and how it multiplies the loss
scaler = torch.amp.GradScaler("cpu", init_scale=2.**16)
loss = torch.tensor(0.5)
print(scaler.get_scale(), scaler.scale(loss))
