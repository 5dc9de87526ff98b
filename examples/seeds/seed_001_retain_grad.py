"""Seed 001 ("AutoGrad", Japanese): z = y log(x) + sin(y), accumulation, retain_grad, no_grad.

Notebook cells that only display a value (``x.grad``) are printed here.
"""
import gradlib as torch
from gradlib import tensor

x = tensor(2. , requires_grad=True)
y = tensor(3. , requires_grad=True)

z = y * torch.log(x) + torch.sin(y)

print(z)
z.backward()

print(x.grad)

print(y.grad)

# 累積されていくことをもう一度実行することによって確認する
z = y * torch.log(x) + torch.sin(y)
z.backward()

print(x.grad)

print(y.grad)

x = tensor(2. , requires_grad=True)
y = tensor(3. , requires_grad=True)

# u を x と y の合計として定義し、後で勾配を取得するために勾配保持を有効にする
u = x + y
u.retain_grad()

z = u ** 2

print(z)
z.backward()

print(u.grad)

print(x.grad)

print(y.grad)

x = tensor(2. , requires_grad=True)
y = tensor(3. , requires_grad=True)

with torch.no_grad():
  z = y * torch.log(x) + torch.sin(y)
  print(z)

t = y * torch.log(x) + torch.sin(y)
print(t)

# z.backward(). => torch.no_grad():内で計算しているので、勾配が計算されていないので使用することができない
t.backward()
