# "Deep Learning with PyTorch", chapters 3 and 5: tensor storage, strides and views; the thermometer data
# (Celsius against unknown units), a linear model trained by hand, with autograd, with optim, and with a
# train/validation split from randperm.
import torch
import torch.optim as optim

points = torch.tensor([[4.0, 1.0], [5.0, 3.0], [2.0, 1.0]])
print(points.storage_offset(), points.stride(), points.size())
second_point = points[1]
print(second_point.storage_offset(), second_point.size(), second_point.stride())
points_t = points.t()
print(points_t.stride(), points_t.is_contiguous(), points_t.contiguous().stride())
print(points.data_ptr() == points_t.data_ptr(), second_point.data_ptr() - points.data_ptr(), points.element_size())
some_t = torch.ones(3, 4, 5)
transpose_t = some_t.transpose(0, 2)
print(some_t.shape, transpose_t.shape, some_t.stride(), transpose_t.stride())
double_points = torch.zeros(10, 2).to(torch.double)
short_points = points.to(dtype=torch.short)
print(double_points.dtype, short_points.dtype, short_points, (points * short_points).dtype)

t_c = [0.5, 14.0, 15.0, 28.0, 11.0, 8.0, 3.0, -4.0, 6.0, 13.0, 21.0]
t_u = [35.7, 55.9, 58.2, 81.9, 56.3, 48.9, 33.9, 21.8, 48.4, 60.4, 68.4]
t_c = torch.tensor(t_c)
t_u = torch.tensor(t_u)


def model(t_u, w, b):
    return w * t_u + b


def loss_fn(t_p, t_c):
    squared_diffs = (t_p - t_c) ** 2
    return squared_diffs.mean()


w = torch.ones(())
b = torch.zeros(())
t_p = model(t_u, w, b)
print(t_p)
loss = loss_fn(t_p, t_c)
print(loss)
delta = 0.1
learning_rate = 1e-2
loss_rate_of_change_w = (loss_fn(model(t_u, w + delta, b), t_c) - loss_fn(model(t_u, w - delta, b), t_c)) / (2.0 * delta)
print(loss_rate_of_change_w)


def dloss_fn(t_p, t_c):
    dsq_diffs = 2 * (t_p - t_c) / t_p.size(0)
    return dsq_diffs


def dmodel_dw(t_u, w, b):
    return t_u


def dmodel_db(t_u, w, b):
    return 1.0


def grad_fn(t_u, t_c, t_p, w, b):
    dloss_dtp = dloss_fn(t_p, t_c)
    dloss_dw = dloss_dtp * dmodel_dw(t_u, w, b)
    dloss_db = dloss_dtp * dmodel_db(t_u, w, b)
    return torch.stack([dloss_dw.sum(), dloss_db.sum()])


def training_loop(n_epochs, learning_rate, params, t_u, t_c, print_params=True):
    for epoch in range(1, n_epochs + 1):
        w, b = params
        t_p = model(t_u, w, b)
        loss = loss_fn(t_p, t_c)
        grad = grad_fn(t_u, t_c, t_p, w, b)
        params = params - learning_rate * grad
        if epoch in {1, 2, 3, 10, 11, 99, 100, 1000, 2000}:
            print('Epoch %d, Loss %f' % (epoch, float(loss)))
            if print_params:
                print('    Params:', params)
                print('    Grad:  ', grad)
    return params


training_loop(n_epochs=3, learning_rate=1e-2, params=torch.tensor([1.0, 0.0]), t_u=t_u, t_c=t_c)
t_un = 0.1 * t_u
params = training_loop(n_epochs=2000, learning_rate=1e-2, params=torch.tensor([1.0, 0.0]), t_u=t_un, t_c=t_c,
                        print_params=False)
print(params)

params = torch.tensor([1.0, 0.0], requires_grad=True)
print(params.grad is None)
loss = loss_fn(model(t_u, *params), t_c)
loss.backward()
print(params.grad)


def training_loop_autograd(n_epochs, optimizer, params, t_u, t_c):
    for epoch in range(1, n_epochs + 1):
        t_p = model(t_u, *params)
        loss = loss_fn(t_p, t_c)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if epoch % 250 == 0:
            print('Epoch %d, Loss %f' % (epoch, float(loss)))
    return params


print(dir(optim)[:3] == ['ASGD', 'Adadelta', 'Adafactor'] or 'SGD' in dir(optim))
params = torch.tensor([1.0, 0.0], requires_grad=True)
optimizer = optim.SGD([params], lr=1e-2)
print(training_loop_autograd(1000, optimizer, params, t_un, t_c))
params = torch.tensor([1.0, 0.0], requires_grad=True)
optimizer = optim.Adam([params], lr=1e-1)
print(training_loop_autograd(1000, optimizer, params, t_u, t_c))

n_samples = t_u.shape[0]
n_val = int(0.2 * n_samples)
torch.manual_seed(0)
shuffled_indices = torch.randperm(n_samples)
train_indices = shuffled_indices[:-n_val]
val_indices = shuffled_indices[-n_val:]
print(len(train_indices), len(val_indices), sorted(torch.cat([train_indices, val_indices]).tolist()) == list(range(11)))
train_t_un, val_t_un = 0.1 * t_u[train_indices], 0.1 * t_u[val_indices]
train_t_c, val_t_c = t_c[train_indices], t_c[val_indices]
params = torch.tensor([1.0, 0.0], requires_grad=True)
optimizer = optim.SGD([params], lr=1e-2)
for epoch in range(1, 1001):
    train_loss = loss_fn(model(train_t_un, *params), train_t_c)
    with torch.no_grad():
        val_loss = loss_fn(model(val_t_un, *params), val_t_c)
        assert val_loss.requires_grad == False
    optimizer.zero_grad()
    train_loss.backward()
    optimizer.step()
print("validation loss finite:", torch.isfinite(val_loss).item(), val_loss.requires_grad, train_loss.requires_grad)
