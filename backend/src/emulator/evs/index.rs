//! The emulator's snapshots in list order, with an index per filter, so a page is a range scan
//! from the marker instead of a sort and a scan of the whole store (100,000 snapshots must list
//! as fast as 100).
//!
//! A status depends on the clock while a snapshot is being created, deleted or rolled back, so
//! the status index holds settled records only; the others (few at any time) are kept apart
//! in `changing` and merged in when a status filter is used.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::iter::Peekable;
use std::ops::Bound;

use super::query::SnapshotQuery;
use super::record::{Record, State};

/// List order: newest first, ties by id descending (`created_at desc, id desc`).
pub type SortKey = Reverse<(i64, String)>;

fn key_of(record: &Record) -> SortKey {
    Reverse((record.created, record.id.clone()))
}

type Keys = BTreeSet<SortKey>;
type Rows<'a> = Box<dyn Iterator<Item = &'a SortKey> + 'a>;

#[derive(Debug, Clone, Default)]
pub struct Index {
    rows: BTreeMap<SortKey, Record>,
    by_id: HashMap<String, SortKey>,
    by_name: HashMap<String, Keys>,
    by_volume: HashMap<String, Keys>,
    /// Settled records by their fixed status.
    by_status: HashMap<String, Keys>,
    /// Records whose status the clock decides.
    changing: Keys,
}

impl Index {
    pub fn new(records: Vec<Record>) -> Self {
        let mut index = Self::default();
        for record in records {
            index.insert(record);
        }
        index
    }

    /// Stores `record`, replacing one with the same id.
    pub fn insert(&mut self, record: Record) {
        self.remove(&record.id);
        let key = key_of(&record);
        self.index(&key, &record);
        self.by_id.insert(record.id.clone(), key.clone());
        self.rows.insert(key, record);
    }

    pub fn remove(&mut self, id: &str) -> Option<Record> {
        let key = self.by_id.remove(id)?;
        let record = self.rows.remove(&key)?;
        self.unindex(&key, &record);
        Some(record)
    }

    pub fn get(&self, id: &str) -> Option<&Record> {
        self.rows.get(self.by_id.get(id)?)
    }

    /// Changes a record in place and indexes it again (its name or state may have changed).
    pub fn update<T>(&mut self, id: &str, change: impl FnOnce(&mut Record) -> T) -> Option<T> {
        let key = self.by_id.get(id)?.clone();
        let mut record = self.rows.remove(&key)?;
        self.unindex(&key, &record);
        let result = change(&mut record);
        self.index(&key, &record);
        self.rows.insert(key, record);
        Some(result)
    }

    /// Drops what finished deleting by `now`, and settles what finished creating or rolling
    /// back (available, updated when it finished), so `changing` stays small.
    pub fn settle(&mut self, now: i64) {
        let due: Vec<String> = self
            .changing
            .iter()
            .filter_map(|key| self.rows.get(key))
            .filter(|record| match record.state {
                State::Deleting { gone_at } => now >= gone_at,
                State::Creating { done_at } | State::Rollbacking { done_at } => now >= done_at,
                State::Settled { .. } => false,
            })
            .map(|record| record.id.clone())
            .collect();
        for id in due {
            let gone = self.get(&id).is_some_and(|record| record.is_gone(now));
            if gone {
                self.remove(&id);
            } else {
                self.update(&id, |record| record.settle(now));
            }
        }
    }

    /// The key of the snapshot `id`, gone or not: a marker may name any stored snapshot.
    pub fn key(&self, id: &str) -> Option<&SortKey> {
        self.by_id.get(id)
    }

    /// Every record after `after` (all when `None`), in list order, that may match `query`:
    /// read from the smallest index the query's filters name. The caller still checks each
    /// record against every filter.
    pub fn candidates<'a>(
        &'a self,
        query: &SnapshotQuery,
        after: Option<&SortKey>,
    ) -> Box<dyn Iterator<Item = &'a Record> + 'a> {
        let start = match after {
            Some(key) => Bound::Excluded(key.clone()),
            None => Bound::Unbounded,
        };
        let range = (start, Bound::Unbounded);
        let mut sources: Vec<(usize, Rows<'a>)> = Vec::new();
        for (wanted, map) in [
            (&query.name, &self.by_name),
            (&query.volume_id, &self.by_volume),
        ] {
            if let Some(wanted) = wanted {
                match map.get(wanted.as_str()) {
                    Some(keys) => sources.push((keys.len(), Box::new(keys.range(range.clone())))),
                    None => return Box::new(std::iter::empty()),
                }
            }
        }
        if let Some(status) = &query.status {
            let settled = self.by_status.get(status.as_str());
            let size = settled.map_or(0, BTreeSet::len) + self.changing.len();
            let rows: Rows<'a> = match settled {
                Some(settled) => Box::new(Merge::new(
                    settled.range(range.clone()),
                    self.changing.range(range.clone()),
                )),
                None => Box::new(self.changing.range(range.clone())),
            };
            sources.push((size, rows));
        }
        let rows: Rows<'a> = match sources.into_iter().min_by_key(|(size, _)| *size) {
            Some((_, rows)) => rows,
            None => Box::new(self.rows.range(range).map(|(key, _)| key)),
        };
        Box::new(rows.filter_map(|key| self.rows.get(key)))
    }

    fn index(&mut self, key: &SortKey, record: &Record) {
        let sets = [
            self.by_name.entry(record.name.clone()).or_default(),
            self.by_volume.entry(record.volume_id.clone()).or_default(),
            match &record.state {
                State::Settled { status, .. } => self
                    .by_status
                    .entry(status.as_str().to_owned())
                    .or_default(),
                _ => &mut self.changing,
            },
        ];
        for set in sets {
            set.insert(key.clone());
        }
    }

    fn unindex(&mut self, key: &SortKey, record: &Record) {
        remove_key(&mut self.by_name, &record.name, key);
        remove_key(&mut self.by_volume, &record.volume_id, key);
        match &record.state {
            State::Settled { status, .. } => remove_key(&mut self.by_status, status.as_str(), key),
            _ => {
                self.changing.remove(key);
            }
        }
    }
}

fn remove_key(map: &mut HashMap<String, Keys>, value: &str, key: &SortKey) {
    if let Some(keys) = map.get_mut(value) {
        keys.remove(key);
        if keys.is_empty() {
            map.remove(value);
        }
    }
}

/// Two ascending key streams as one, still ascending.
struct Merge<A: Iterator, B: Iterator> {
    a: Peekable<A>,
    b: Peekable<B>,
}

impl<A: Iterator, B: Iterator> Merge<A, B> {
    fn new(a: A, b: B) -> Self {
        Self {
            a: a.peekable(),
            b: b.peekable(),
        }
    }
}

impl<'a, A, B> Iterator for Merge<A, B>
where
    A: Iterator<Item = &'a SortKey>,
    B: Iterator<Item = &'a SortKey>,
{
    type Item = &'a SortKey;

    fn next(&mut self) -> Option<Self::Item> {
        match (self.a.peek(), self.b.peek()) {
            (Some(a), Some(b)) if b < a => self.b.next(),
            (Some(_), _) => self.a.next(),
            (None, _) => self.b.next(),
        }
    }
}
