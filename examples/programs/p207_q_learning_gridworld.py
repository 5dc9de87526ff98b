# Tabular reinforcement learning with tensors, as Sutton & Barto (chapters 4-6) and the classic "Q-learning on a
# gridworld" tutorials present it: a 5x5 gridworld with walls, a pit and a goal as transition tensors, policy
# evaluation by iterative TD(0) and by solving (I - gamma P) v = r, value iteration, then epsilon-greedy
# Q-learning and SARSA with a Q table, the greedy policy printed as arrows, and a tiny linear Q-function trained
# by semi-gradient Q-learning with autograd on one-hot features.
import torch
import torch.nn as nn

torch.manual_seed(0)
H, W = 5, 5
S, A = H * W, 4
ACTIONS = torch.tensor([[-1, 0], [0, 1], [1, 0], [0, -1]])  # up, right, down, left
ARROWS = "^>v<"
walls = {(1, 1), (1, 2), (3, 3), (2, 3)}
goal, pit = (4, 4), (2, 2)
gamma = 0.9


def step_table():
    """next_state[s, a] and reward[s, a] for the deterministic grid (terminal states loop with reward 0)."""
    nxt = torch.zeros(S, A, dtype=torch.long)
    rew = torch.zeros(S, A)
    for r in range(H):
        for c in range(W):
            s = r * W + c
            for a in range(A):
                if (r, c) in (goal, pit):
                    nxt[s, a] = s
                    continue
                nr, nc = r + int(ACTIONS[a, 0]), c + int(ACTIONS[a, 1])
                if not (0 <= nr < H and 0 <= nc < W) or (nr, nc) in walls:
                    nr, nc = r, c
                nxt[s, a] = nr * W + nc
                rew[s, a] = 1.0 if (nr, nc) == goal else (-1.0 if (nr, nc) == pit else -0.04)
    return nxt, rew


nxt, rew = step_table()
terminal = torch.zeros(S, dtype=torch.bool)
terminal[goal[0] * W + goal[1]] = True
terminal[pit[0] * W + pit[1]] = True
P = torch.nn.functional.one_hot(nxt, S).double()  # (S, A, S); float64: the sweep count is a threshold
print("transition tensor:", tuple(P.shape), "rows sum to one:", torch.allclose(P.sum(-1), torch.ones(S, A, dtype=torch.float64)))

# evaluation of the uniform random policy: iterative and exact
pi = torch.full((S, A), 0.25, dtype=torch.float64)
P_pi = torch.einsum("sa,sat->st", pi, P)
r_pi = (pi * rew).sum(1)
P_pi[terminal] = 0
v = torch.zeros(S, dtype=torch.float64)
for sweep in range(200):
    v_new = r_pi + gamma * P_pi @ v
    if (v_new - v).abs().max() < 1e-6:
        break
    v = v_new
v_exact = torch.linalg.solve(torch.eye(S, dtype=torch.float64) - gamma * P_pi, r_pi)
print("iterative evaluation sweeps:", sweep, "max error:", f"{(v - v_exact).abs().max().item():.2e}")
print(v_exact.view(H, W).round(decimals=3))

# value iteration
V = torch.zeros(S)
for it in range(100):
    Q = rew + gamma * V[nxt] * (~terminal)[:, None]
    V_new = Q.max(1).values
    V_new[terminal] = 0
    if torch.allclose(V_new, V, atol=1e-8):
        break
    V = V_new
print("value iteration converged after", it, "iterations")
print(V.view(H, W).round(decimals=3))


def show_policy(Q):
    best = Q.argmax(1)
    rows = []
    for r in range(H):
        row = ""
        for c in range(W):
            s = r * W + c
            row += "#" if (r, c) in walls else "G" if (r, c) == goal else "X" if (r, c) == pit else ARROWS[best[s]]
        rows.append(row)
    return "\n".join(rows)


print(show_policy(Q))


def run_td_control(method, episodes, alpha, epsilon, generator):
    Qt = torch.zeros(S, A)
    returns = []
    for ep in range(episodes):
        s, total = 0, 0.0
        a = int(torch.randint(A, (1,), generator=generator)) if torch.rand(1, generator=generator) < epsilon else int(Qt[s].argmax())
        for t in range(100):
            s2, r = int(nxt[s, a]), float(rew[s, a])
            total += r
            if torch.rand(1, generator=generator) < epsilon:
                a2 = int(torch.randint(A, (1,), generator=generator))
            else:
                a2 = int(Qt[s2].argmax())
            done = bool(terminal[s2])
            if method == "q":
                target = r + (0.0 if done else gamma * Qt[s2].max().item())
            else:
                target = r + (0.0 if done else gamma * Qt[s2, a2].item())
            Qt[s, a] += alpha * (target - Qt[s, a])
            s, a = s2, a2
            if done:
                break
        returns.append(total)
    return Qt, torch.tensor(returns)


g = torch.Generator().manual_seed(5)
for method in ("q", "sarsa"):
    Qt, returns = run_td_control(method, 100, 0.5, 0.1, g)
    print(method, "mean return, first 50 / last 50 episodes:", round(returns[:50].mean().item(), 3),
          round(returns[-50:].mean().item(), 3))
    print(show_policy(Qt))
    print("agrees with value iteration on", int((Qt.argmax(1) == Q.argmax(1))[~terminal].sum()), "of", int((~terminal).sum()), "states")

# semi-gradient Q-learning with a linear function of one-hot state features
torch.manual_seed(1)
qnet = nn.Linear(S, A, bias=False)
nn.init.zeros_(qnet.weight)
opt = torch.optim.SGD(qnet.parameters(), lr=0.5)
eye = torch.eye(S)
for ep in range(100):
    s = 0
    for t in range(100):
        with torch.no_grad():
            a = int(torch.randint(A, (1,), generator=g)) if torch.rand(1, generator=g) < 0.1 else int(qnet(eye[s]).argmax())
        s2, r = int(nxt[s, a]), rew[s, a]
        with torch.no_grad():
            target = r + gamma * qnet(eye[s2]).max() * (~terminal[s2])
        loss = 0.5 * (qnet(eye[s])[a] - target) ** 2
        opt.zero_grad()
        loss.backward()
        opt.step()
        s = s2
        if terminal[s]:
            break
with torch.no_grad():
    Qlin = qnet(eye)
print(show_policy(Qlin))
print("start state value:", round(Qlin[0].max().item(), 4), "optimal:", round(V[0].item(), 4))
