//! Growing tables from fragment seeds: fragment rows copied, every further choice masked by
//! the valences left, fragments still apart joined at the end; an explorer's distributions
//! mixed in per table while reinforcing.

use rand::{rngs::StdRng, Rng};

use super::{Cache, GraphTransformer, Hidden, BOND_ORDERS};
use crate::graph::{FragmentSeed, GraphVocabulary, Step};
use crate::sample::draw_where;
use crate::{GenError, Result};

/// Exploration while sampling: a second network whose distributions are mixed into each
/// choice of a table with a share drawn uniformly from `[0, epsilon)` per table.
#[derive(Clone, Copy)]
pub struct GraphExploration<'a> {
    /// The exploration network (usually the prior).
    pub network: &'a GraphTransformer,
    /// Largest share of the exploration network.
    pub epsilon: f64,
}

/// One table being generated, with the bookkeeping its masks need.
struct Growing<'a> {
    seed: &'a FragmentSeed,
    rows: Vec<Step>,
    /// Per atom: bonds (orders summed) it may take in all, and has.
    capacity: Vec<u8>,
    used: Vec<u8>,
    /// Per atom: its group (atoms joined by bonds so far), for connections.
    group: Vec<usize>,
    bonds: Vec<(u16, u16)>,
    ended: bool,
    /// Share of the exploration network in this table's draws.
    share: f32,
}

/// What a row adds, as the masks see it.
#[derive(Clone, Copy, PartialEq)]
enum RowKind {
    End,
    Atom(u8),
    Closure,
    Connection,
}

impl<'a> Growing<'a> {
    fn new(seed: &'a FragmentSeed, first: Step) -> Self {
        Self {
            seed,
            rows: vec![first],
            capacity: Vec::new(),
            used: Vec::new(),
            group: Vec::new(),
            bonds: Vec::new(),
            ended: false,
            share: 0.0,
        }
    }

    fn spare(&self, a: usize) -> u8 {
        self.capacity[a].saturating_sub(self.used[a])
    }

    fn bonded(&self, a: usize, b: usize) -> bool {
        let key = (a.min(b) as u16, a.max(b) as u16);
        self.bonds.contains(&key)
    }

    /// Atoms other than `a` (all of them for None) that can take a bond of `order` from it.
    fn partners(&self, a: Option<usize>, order: u8) -> impl Iterator<Item = usize> + '_ {
        (0..self.capacity.len()).filter(move |&p| {
            self.spare(p) >= order && a.is_none_or(|a| p != a && !self.bonded(a, p))
        })
    }

    /// Pairs in different groups that can both take a bond of `order`.
    fn can_connect(&self, order: u8) -> bool {
        (0..self.capacity.len()).any(|p| self.connectable(p, order))
    }

    fn connectable(&self, p: usize, order: u8) -> bool {
        self.spare(p) >= order
            && (0..self.capacity.len())
                .any(|c| self.group[c] != self.group[p] && self.spare(c) >= order)
    }

    /// The newest atom, when it was grown (ring closures start only there).
    fn grown_curr(&self) -> Option<usize> {
        let n = self.capacity.len();
        (n > self.seed.atoms()).then(|| n - 1)
    }

    fn add_bond(&mut self, a: usize, b: usize, order: u8) {
        self.used[a] += order;
        self.used[b] += order;
        self.bonds.push((a.min(b) as u16, a.max(b) as u16));
        let (keep, gone) = (self.group[a], self.group[b]);
        for g in &mut self.group {
            if *g == gone {
                *g = keep;
            }
        }
    }

    /// Applies a row to the bookkeeping: `capacity` is that of the atom it adds, if any.
    fn apply(&mut self, step: Step, capacity: Option<u8>) {
        let (curr, prev) = (usize::from(step.curr), usize::from(step.prev));
        if let Some(capacity) = capacity {
            // An atom joins the group of the atom it bonds to; an unbonded one starts its
            // fragment component's group (or a group of its own).
            let group = match (step.bond, step.fragment) {
                (0, 0) => usize::from(u8::MAX) + curr,
                (0, fragment) => usize::from(fragment),
                _ => self.group[prev],
            };
            self.capacity.push(capacity);
            self.used.push(0);
            self.group.push(group);
        }
        if step.bond != 0 {
            self.add_bond(curr, prev, step.bond);
        }
        self.rows.push(step);
    }
}

impl GraphTransformer {
    /// Grows one table from each seed (whole tables, decodable by
    /// [`crate::graph::GraphCoder::decode`]); `rng` makes the draws reproducible.
    pub fn generate(
        &self,
        vocabulary: &GraphVocabulary,
        seeds: &[FragmentSeed],
        exploration: Option<GraphExploration<'_>>,
        batch_size: usize,
        rng: &mut StdRng,
    ) -> Result<Vec<Vec<Step>>> {
        if vocabulary.size() != self.config.vocab_size {
            return Err(GenError::Invalid(format!(
                "the graph vocabulary has {} tokens but the network {}",
                vocabulary.size(),
                self.config.vocab_size
            )));
        }
        if let Some(e) = exploration {
            if e.network.config != self.config {
                return Err(GenError::Invalid(
                    "the exploration network has other sizes than the agent".into(),
                ));
            }
        }
        let growth = self.config.layout().growth_rows();
        for seed in seeds {
            if seed.steps.len() + 2 > growth
                || seed.steps.iter().any(|s| {
                    usize::from(s.atom) >= self.config.vocab_size
                        || usize::from(s.curr) >= growth
                        || usize::from(s.fragment) > self.config.max_fragments
                })
            {
                return Err(GenError::Invalid(
                    "fragments that do not fit the network's table".into(),
                ));
            }
        }
        let mut tables = Vec::with_capacity(seeds.len());
        for chunk in seeds.chunks(batch_size.max(1)) {
            tables.extend(self.generate_batch(vocabulary, chunk, exploration, rng)?);
        }
        Ok(tables)
    }

    fn generate_batch(
        &self,
        vocabulary: &GraphVocabulary,
        seeds: &[FragmentSeed],
        exploration: Option<GraphExploration<'_>>,
        rng: &mut StdRng,
    ) -> Result<Vec<Vec<Step>>> {
        let layout = self.config.layout();
        let (growth, len) = (layout.growth_rows(), layout.max_len);
        let star = vocabulary.star();
        let go = Step {
            atom: GraphVocabulary::GO,
            fragment: 1,
            ..Step::default()
        };
        let mut tables: Vec<Growing> = seeds.iter().map(|s| Growing::new(s, go)).collect();
        for t in &mut tables {
            t.share = exploration.map_or(0.0, |e| (rng.gen::<f64>() * e.epsilon) as f32);
        }
        let mut caches = std::iter::once(self)
            .chain(exploration.map(|e| e.network))
            .map(|n| n.start_reading(tables.len()))
            .collect::<Result<Vec<_>>>()?;
        let networks: Vec<&GraphTransformer> = std::iter::once(self)
            .chain(exploration.map(|e| e.network))
            .collect();
        let valence = |token: u16| vocabulary.word(token).map(|w| w.valence);

        for row in 1..len {
            let connecting = row >= growth;
            if row == growth {
                for t in &mut tables {
                    t.ended = !t.can_connect(1);
                }
            }
            if tables.iter().all(|t| t.ended)
                && (connecting || !tables.iter().any(|t| t.can_connect(1)))
            {
                for t in &mut tables {
                    t.rows.resize(len, Step::default());
                }
                break;
            }
            let (words, sites): (Vec<u32>, Vec<u32>) = tables
                .iter()
                .map(|t| {
                    let s = t.rows[row - 1];
                    (
                        u32::from(s.atom) * BOND_ORDERS as u32 + u32::from(s.bond),
                        u32::from(s.curr) * growth as u32 + u32::from(s.prev),
                    )
                })
                .unzip();
            let outputs = networks
                .iter()
                .zip(&mut caches)
                .map(|(n, c)| n.read_row(&words, &sites, c))
                .collect::<Result<Vec<_>>>()?;
            if row == growth {
                // The connection section's GO row.
                for t in &mut tables {
                    t.rows.push(Step {
                        atom: GraphVocabulary::GO,
                        ..Step::default()
                    });
                }
                continue;
            }
            let forced: Vec<Option<Step>> = tables
                .iter()
                .map(|t| {
                    (!connecting)
                        .then(|| t.seed.steps.get(row - 1).copied())
                        .flatten()
                })
                .collect();

            // The atom.
            let atom_probs = Self::mixed(&networks, &caches, &outputs, "prj_atom", &tables)?;
            let mut atoms = Vec::with_capacity(tables.len());
            for (i, t) in tables.iter().enumerate() {
                let atom = if let Some(s) = forced[i] {
                    s.atom
                } else if t.ended {
                    GraphVocabulary::EOS
                } else if connecting {
                    star
                } else {
                    let atoms_so_far = t.capacity.len();
                    let can_grow = atoms_so_far == 0 || t.partners(None, 1).next().is_some();
                    let closure = t.grown_curr().is_some_and(|c| {
                        t.spare(c) >= 1 && t.partners(Some(c), 1).next().is_some()
                    });
                    draw_where(&atom_probs[i], rng, |k| {
                        let k = k as u16;
                        if k == GraphVocabulary::EOS {
                            atoms_so_far > 0
                        } else if k == star {
                            closure
                        } else {
                            k != GraphVocabulary::GO && can_grow && atoms_so_far < growth
                        }
                    })
                    .map_or(GraphVocabulary::EOS, |k| k as u16)
                };
                atoms.push(atom);
            }
            let kinds: Vec<RowKind> = tables
                .iter()
                .zip(&atoms)
                .map(|(t, &a)| match a {
                    GraphVocabulary::EOS | GraphVocabulary::GO => RowKind::End,
                    a if a == star && connecting => RowKind::Connection,
                    a if a == star => RowKind::Closure,
                    // The first atom of a table bonds to nothing; later ones by at most a
                    // triple bond their valence allows.
                    _ if t.capacity.is_empty() => RowKind::Atom(0),
                    a => RowKind::Atom(valence(a).unwrap_or(0).min(3)),
                })
                .collect();

            // The bond.
            let atom_ids: Vec<u32> = atoms.iter().map(|&a| u32::from(a)).collect();
            let h1 = Self::chain(&networks, &caches, &outputs, "emb_atom.weight", &atom_ids)?;
            let bond_probs = Self::mixed(&networks, &caches, &h1, "prj_bond", &tables)?;
            let mut bonds = Vec::with_capacity(tables.len());
            for (i, t) in tables.iter().enumerate() {
                let bond = if let Some(s) = forced[i] {
                    s.bond
                } else {
                    let allowed = |order: u8| match kinds[i] {
                        RowKind::End => order == 0,
                        RowKind::Atom(max) => {
                            (max == 0 && order == 0)
                                || (order >= 1
                                    && order <= max
                                    && t.partners(None, order).next().is_some())
                        }
                        RowKind::Closure => t.grown_curr().is_some_and(|c| {
                            order >= 1
                                && t.spare(c) >= order
                                && t.partners(Some(c), order).next().is_some()
                        }),
                        RowKind::Connection => order >= 1 && t.can_connect(order),
                    };
                    draw_where(&bond_probs[i], rng, |k| allowed(k as u8)).unwrap_or(0) as u8
                };
                bonds.push(bond);
            }

            // The earlier atom it bonds to.
            let word_ids: Vec<u32> = atoms
                .iter()
                .zip(&bonds)
                .map(|(&a, &b)| u32::from(a) * BOND_ORDERS as u32 + u32::from(b))
                .collect();
            let h2 = Self::chain(&networks, &caches, &h1, "emb_word.weight", &word_ids)?;
            let prev_probs = Self::mixed(&networks, &caches, &h2, "prj_loci", &tables)?;
            let mut prevs = Vec::with_capacity(tables.len());
            for (i, t) in tables.iter().enumerate() {
                let next_atom = t.capacity.len();
                let prev = if let Some(s) = forced[i] {
                    usize::from(s.prev)
                } else {
                    let order = bonds[i];
                    let choice = match kinds[i] {
                        RowKind::End => None,
                        RowKind::Atom(_) if order == 0 => Some(next_atom),
                        RowKind::Atom(_) => draw_where(&prev_probs[i], rng, |p| {
                            p < next_atom && t.spare(p) >= order
                        }),
                        RowKind::Closure => {
                            let c = t.grown_curr();
                            draw_where(&prev_probs[i], rng, |p| {
                                c.is_some_and(|c| {
                                    p < next_atom
                                        && p != c
                                        && t.spare(p) >= order
                                        && !t.bonded(c, p)
                                })
                            })
                        }
                        RowKind::Connection => draw_where(&prev_probs[i], rng, |p| {
                            p < next_atom && t.connectable(p, order)
                        }),
                    };
                    choice.unwrap_or(0)
                };
                prevs.push(prev);
            }

            // The atom it starts from: counted in growth, chosen in connections.
            let prev_ids: Vec<u32> = prevs.iter().map(|&p| p as u32).collect();
            let h3 = Self::chain(&networks, &caches, &h2, "emb_loci.weight", &prev_ids)?;
            let curr_probs = if connecting {
                Some(Self::mixed(&networks, &caches, &h3, "prj_loci", &tables)?)
            } else {
                None
            };
            for (i, t) in tables.iter_mut().enumerate() {
                let (atom, bond, prev) = (atoms[i], bonds[i], prevs[i]);
                let step = if let Some(s) = forced[i] {
                    let seeded = t.seed.capacity.get(usize::from(s.curr)).copied();
                    t.apply(s, valence(s.atom).and(seeded));
                    continue;
                } else {
                    match kinds[i] {
                        RowKind::End => {
                            if !connecting {
                                t.ended = true;
                            }
                            Step::default()
                        }
                        RowKind::Atom(_) => Step {
                            atom,
                            curr: t.capacity.len() as u16,
                            prev: prev as u16,
                            bond,
                            fragment: 0,
                        },
                        RowKind::Closure => Step {
                            atom,
                            curr: t.grown_curr().unwrap_or(0) as u16,
                            prev: prev as u16,
                            bond,
                            fragment: 0,
                        },
                        RowKind::Connection => {
                            let probs = curr_probs.as_ref().map(|p| &p[i]);
                            let curr = probs.and_then(|p| {
                                draw_where(p, rng, |c| {
                                    c < t.capacity.len()
                                        && t.group[c] != t.group[prev]
                                        && t.spare(c) >= bond
                                })
                            });
                            match curr {
                                Some(c) => Step {
                                    atom,
                                    curr: c as u16,
                                    prev: prev as u16,
                                    bond,
                                    fragment: 0,
                                },
                                None => {
                                    t.ended = true;
                                    Step::default()
                                }
                            }
                        }
                    }
                };
                let adds = matches!(kinds[i], RowKind::Atom(_));
                t.apply(step, if adds { valence(atom) } else { None });
                if connecting {
                    t.ended = t.ended || !t.can_connect(1);
                } else if !t.capacity.is_empty() && (0..t.capacity.len()).all(|a| t.spare(a) == 0) {
                    t.ended = true;
                }
            }
            if row == growth - 1 {
                for t in &mut tables {
                    t.ended = true;
                }
            }
        }
        Ok(tables
            .into_iter()
            .map(|mut t| {
                t.rows.resize(len, Step::default());
                t.rows
            })
            .collect())
    }

    /// Each network's hidden state after reading `ids` of `table` through the GRU.
    fn chain(
        networks: &[&GraphTransformer],
        caches: &[Cache],
        hidden: &[Hidden],
        table: &str,
        ids: &[u32],
    ) -> Result<Vec<Hidden>> {
        networks
            .iter()
            .zip(caches)
            .zip(hidden)
            .map(|((n, c), h)| n.chain_step(c, h, table, ids))
            .collect()
    }

    /// The agent's probabilities of a head, with the exploration network's mixed in at each
    /// table's share.
    fn mixed(
        networks: &[&GraphTransformer],
        caches: &[Cache],
        hidden: &[Hidden],
        head: &str,
        tables: &[Growing],
    ) -> Result<Vec<Vec<f32>>> {
        let mut probs = networks[0].head_probabilities(&caches[0], &hidden[0], head)?;
        if let (Some(explorer), Some(c), Some(h)) = (networks.get(1), caches.get(1), hidden.get(1))
        {
            let other = explorer.head_probabilities(c, h, head)?;
            for ((p, q), t) in probs.iter_mut().zip(&other).zip(tables) {
                for (x, y) in p.iter_mut().zip(q) {
                    *x = *x * (1.0 - t.share) + y * t.share;
                }
            }
        }
        Ok(probs)
    }
}
