# UvA deep learning course, tutorial 7 (Graph Neural Networks), the from-scratch part: a GCNLayer on an adjacency
# matrix with self-connections (bmm, sum of neighbours, division by the degree), the GATLayer with multi-head
# attention (nonzero() edge list, index_select of node pairs, LeakyReLU scores, masked_fill with -9e15 into the
# adjacency-shaped logits, softmax, einsum 'bijh,bjhc->bihc', concat_heads or mean), then a node classifier
# trained on a small synthetic two-community graph.
import torch
import torch.nn as nn
import torch.nn.functional as F


class GCNLayer(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.projection = nn.Linear(c_in, c_out)

    def forward(self, node_feats, adj_matrix):
        num_neighbours = adj_matrix.sum(dim=-1, keepdims=True)
        node_feats = self.projection(node_feats)
        node_feats = torch.bmm(adj_matrix, node_feats)
        node_feats = node_feats / num_neighbours
        return node_feats


node_feats = torch.arange(8, dtype=torch.float32).view(1, 4, 2)
adj_matrix = torch.Tensor([[[1, 1, 0, 0],
                            [1, 1, 1, 1],
                            [0, 1, 1, 1],
                            [0, 1, 1, 1]]])
print("Node features:\n", node_feats)
print("\nAdjacency matrix:\n", adj_matrix)

layer = GCNLayer(c_in=2, c_out=2)
layer.projection.weight.data = torch.Tensor([[1., 0.], [0., 1.]])
layer.projection.bias.data = torch.Tensor([0., 0.])
with torch.no_grad():
    out_feats = layer(node_feats, adj_matrix)
print("Adjacency matrix", adj_matrix)
print("Input features", node_feats)
print("Output features", out_feats)


class GATLayer(nn.Module):
    def __init__(self, c_in, c_out, num_heads=1, concat_heads=True, alpha=0.2):
        super().__init__()
        self.num_heads = num_heads
        self.concat_heads = concat_heads
        if self.concat_heads:
            assert c_out % num_heads == 0, "Number of output features must be a multiple of the count of heads."
            c_out = c_out // num_heads
        self.projection = nn.Linear(c_in, c_out * num_heads)
        self.a = nn.Parameter(torch.Tensor(num_heads, 2 * c_out))
        self.leakyrelu = nn.LeakyReLU(alpha)
        nn.init.xavier_uniform_(self.projection.weight.data, gain=1.414)
        nn.init.xavier_uniform_(self.a.data, gain=1.414)

    def forward(self, node_feats, adj_matrix, print_attn_probs=False):
        batch_size, num_nodes = node_feats.size(0), node_feats.size(1)
        node_feats = self.projection(node_feats)
        node_feats = node_feats.view(batch_size, num_nodes, self.num_heads, -1)
        edges = adj_matrix.nonzero(as_tuple=False)
        node_feats_flat = node_feats.view(batch_size * num_nodes, self.num_heads, -1)
        edge_indices_row = edges[:, 0] * num_nodes + edges[:, 1]
        edge_indices_col = edges[:, 0] * num_nodes + edges[:, 2]
        a_input = torch.cat([
            torch.index_select(input=node_feats_flat, index=edge_indices_row, dim=0),
            torch.index_select(input=node_feats_flat, index=edge_indices_col, dim=0)
        ], dim=-1)
        attn_logits = torch.einsum("bhc,hc->bh", a_input, self.a)
        attn_logits = self.leakyrelu(attn_logits)
        attn_matrix = attn_logits.new_zeros(adj_matrix.shape + (self.num_heads,)).fill_(-9e15)
        attn_matrix[adj_matrix[..., None].repeat(1, 1, 1, self.num_heads) == 1] = attn_logits.reshape(-1)
        attn_probs = F.softmax(attn_matrix, dim=2)
        if print_attn_probs:
            print("Attention probs\n", attn_probs.permute(0, 3, 1, 2))
        node_feats = torch.einsum("bijh,bjhc->bihc", attn_probs, node_feats)
        if self.concat_heads:
            node_feats = node_feats.reshape(batch_size, num_nodes, -1)
        else:
            node_feats = node_feats.mean(dim=2)
        return node_feats


layer = GATLayer(2, 2, num_heads=2)
layer.projection.weight.data = torch.Tensor([[1., 0.], [0., 1.]])
layer.projection.bias.data = torch.Tensor([0., 0.])
layer.a.data = torch.Tensor([[-0.2, 0.3], [0.1, -0.1]])
with torch.no_grad():
    out_feats = layer(node_feats, adj_matrix, print_attn_probs=True)
print("Adjacency matrix", adj_matrix)
print("Input features", node_feats)
print("Output features", out_feats)

mean_layer = GATLayer(2, 3, num_heads=2, concat_heads=False)
print(mean_layer(node_feats, adj_matrix).shape, mean_layer.a.shape)

# A two-community graph: nodes 0-7 and 8-15, dense inside, one bridge; features are noisy community labels
torch.manual_seed(42)
num_nodes = 16
labels = torch.cat([torch.zeros(8, dtype=torch.long), torch.ones(8, dtype=torch.long)])
probs = torch.where(labels[:, None] == labels[None, :], torch.tensor(0.6), torch.tensor(0.02))
upper = torch.triu((torch.rand(num_nodes, num_nodes) < probs).float(), diagonal=1)
adj = upper + upper.t() + torch.eye(num_nodes)
adj[0, 8] = adj[8, 0] = 1
print("edges:", int((adj.sum() - num_nodes).item() / 2), "degrees:", adj.sum(dim=-1).long().tolist())
features = F.one_hot(labels, 2).float() + 0.8 * torch.randn(num_nodes, 2)
features = torch.cat([features, torch.randn(num_nodes, 2)], dim=-1)
train_mask = torch.zeros(num_nodes, dtype=torch.bool)
train_mask[[0, 1, 2, 8, 9, 10]] = True
print(train_mask.sum().item(), (~train_mask).sum().item())


class GNNModel(nn.Module):
    def __init__(self, c_in, c_hidden, c_out, layer_name="GCN", num_heads=2):
        super().__init__()
        if layer_name == "GCN":
            self.layers = nn.ModuleList([GCNLayer(c_in, c_hidden), GCNLayer(c_hidden, c_out)])
        else:
            self.layers = nn.ModuleList([GATLayer(c_in, c_hidden, num_heads=num_heads),
                                         GATLayer(c_hidden, c_out, num_heads=1)])
        self.act = nn.ReLU(inplace=True)
        self.dropout = nn.Dropout(0.1)

    def forward(self, x, adj_matrix):
        x = self.layers[0](x, adj_matrix)
        x = self.dropout(self.act(x))
        return self.layers[1](x, adj_matrix)


for layer_name in ("GCN", "GAT"):
    torch.manual_seed(0)
    model = GNNModel(4, 8, 2, layer_name=layer_name)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=2e-3)
    x, a = features[None], adj[None]
    for epoch in range(60):
        model.train()
        logits = model(x, a)[0]
        loss = F.cross_entropy(logits[train_mask], labels[train_mask])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if epoch % 20 == 0:
            print(f"{layer_name} epoch {epoch:2d} loss {loss.item():.4f}")
    model.eval()
    with torch.no_grad():
        preds = model(x, a)[0].argmax(dim=-1)
    acc = (preds[~train_mask] == labels[~train_mask]).float().mean()
    print(f"{layer_name} test accuracy: {100.0 * acc:4.2f}%", preds.tolist())
