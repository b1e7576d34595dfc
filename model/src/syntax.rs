//! The core syntax: an owned tree for the modeled subset of Go, lowered from the tree-sitter CST
//! by `parse`. It keeps Go's shape (the checker resolves and types it) and a position on every
//! node so that refusals and compile errors can name file:line:col.

use foldhash::HashMap;

/// A source position: 1-based line and byte column, as gc reports them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub pos: Pos,
}

#[derive(Clone, Debug)]
pub struct File {
    pub package: Ident,
    pub imports: Vec<Import>,
    pub decls: Vec<Decl>,
    /// The source text of each basic literal, by position: gc quotes literals as written in
    /// its errors. Empty for a file built directly (a generator's), whose errors then name
    /// no literal.
    pub literals: HashMap<Pos, String>,
}

#[derive(Clone, Debug)]
pub struct Import {
    /// An explicit package name (`import f "fmt"`); `_` and `.` imports are refused by the parser.
    pub name: Option<Ident>,
    pub path: String,
    pub pos: Pos,
}

#[derive(Clone, Debug)]
pub enum Decl {
    Func(FuncDecl),
    Var(Vec<VarSpec>),
    Const(Vec<ConstSpec>),
    Type(Vec<TypeSpec>),
}

#[derive(Clone, Debug)]
pub struct FuncDecl {
    pub name: Ident,
    pub recv: Option<Param>,
    pub sig: Signature,
    pub body: Block,
}

#[derive(Clone, Debug)]
pub struct Signature {
    pub params: Vec<Param>,
    pub results: Vec<Param>,
    /// The last parameter is `...T`; its `ty` is `T`.
    pub variadic: bool,
}

/// One parameter or result; `a, b int` becomes two.
#[derive(Clone, Debug)]
pub struct Param {
    pub name: Option<Ident>,
    pub ty: TypeExpr,
}

#[derive(Clone, Debug)]
pub struct VarSpec {
    pub names: Vec<Ident>,
    pub ty: Option<TypeExpr>,
    pub values: Vec<Expr>,
    pub pos: Pos,
}

#[derive(Clone, Debug)]
pub struct ConstSpec {
    pub names: Vec<Ident>,
    pub ty: Option<TypeExpr>,
    /// The values, repeated from the previous spec when omitted (Go's implicit repetition).
    pub values: Vec<Expr>,
    /// The value of `iota` in this spec.
    pub iota: i64,
    pub pos: Pos,
}

#[derive(Clone, Debug)]
pub struct TypeSpec {
    pub name: Ident,
    pub ty: TypeExpr,
    pub alias: bool,
}

#[derive(Clone, Debug)]
pub struct TypeExpr {
    pub kind: TypeExprKind,
    pub pos: Pos,
}

#[derive(Clone, Debug)]
pub enum TypeExprKind {
    Name(String),
    /// `pkg.Name`, e.g. `runtime.Error`.
    Qualified(String, String),
    Pointer(Box<TypeExpr>),
    Slice(Box<TypeExpr>),
    /// `[n]T`, or `[...]T` (length `None`) in a composite literal.
    Array(Option<Box<Expr>>, Box<TypeExpr>),
    Map(Box<TypeExpr>, Box<TypeExpr>),
    Func(Box<Signature>),
    Struct(Vec<FieldDecl>),
    Interface(Vec<InterfaceElem>),
}

#[derive(Clone, Debug)]
pub struct FieldDecl {
    /// `None` for an embedded field, whose name is its type's name.
    pub name: Option<Ident>,
    pub ty: TypeExpr,
}

#[derive(Clone, Debug)]
pub enum InterfaceElem {
    Method(Ident, Signature),
    Embed(TypeExpr),
}

#[derive(Clone, Debug)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    /// The closing brace, where gc reports "missing return".
    pub end: Pos,
}

#[derive(Clone, Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub pos: Pos,
}

impl Stmt {
    /// The statements directly inside this one (its blocks', and a labelled statement's), not
    /// those inside function literals.
    pub fn children(&self) -> Vec<&Stmt> {
        match &self.kind {
            StmtKind::Block(b) => b.stmts.iter().collect(),
            StmtKind::Labeled(_, inner) => vec![inner],
            StmtKind::If { then, els, .. } => then.stmts.iter().chain(els.as_deref()).collect(),
            StmtKind::For { body, .. } | StmtKind::Range { body, .. } => {
                body.stmts.iter().collect()
            }
            StmtKind::Switch { cases, .. } => cases.iter().flat_map(|c| &c.body).collect(),
            StmtKind::TypeSwitch { cases, .. } => cases.iter().flat_map(|c| &c.body).collect(),
            _ => Vec::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    And,
    Or,
    Xor,
    AndNot,
    Shl,
    Shr,
    LogAnd,
    LogOr,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
            BinOp::And => "&",
            BinOp::Or => "|",
            BinOp::Xor => "^",
            BinOp::AndNot => "&^",
            BinOp::Shl => "<<",
            BinOp::Shr => ">>",
            BinOp::LogAnd => "&&",
            BinOp::LogOr => "||",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
        }
    }

    /// Go's operator precedence (5 binds tightest), which decides gofmt's spacing.
    pub fn precedence(self) -> u8 {
        match self {
            BinOp::Mul
            | BinOp::Div
            | BinOp::Rem
            | BinOp::Shl
            | BinOp::Shr
            | BinOp::And
            | BinOp::AndNot => 5,
            BinOp::Add | BinOp::Sub | BinOp::Or | BinOp::Xor => 4,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => 3,
            BinOp::LogAnd => 2,
            BinOp::LogOr => 1,
        }
    }

    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Plus,
    Not,
    Complement,
    Deref,
    Addr,
}

#[derive(Clone, Debug)]
pub enum StmtKind {
    Expr(Expr),
    /// `a, b := x, y`, with the position of `:=` (where gc reports errors about it).
    Define(Vec<Ident>, Vec<Expr>, Pos),
    /// `a, b = x, y` or `a op= x` (`op` is `Some`).
    Assign(Vec<Expr>, Option<BinOp>, Vec<Expr>),
    IncDec(Expr, bool),
    Var(Vec<VarSpec>),
    Const(Vec<ConstSpec>),
    Type(Vec<TypeSpec>),
    Return(Vec<Expr>),
    Defer(Expr),
    Block(Block),
    If {
        init: Option<Box<Stmt>>,
        cond: Expr,
        then: Block,
        els: Option<Box<Stmt>>,
    },
    For {
        init: Option<Box<Stmt>>,
        cond: Option<Expr>,
        post: Option<Box<Stmt>>,
        body: Block,
    },
    Range {
        key: Option<Expr>,
        value: Option<Expr>,
        /// `:=` rather than `=`.
        define: bool,
        expr: Expr,
        body: Block,
    },
    Switch {
        init: Option<Box<Stmt>>,
        tag: Option<Expr>,
        cases: Vec<CaseClause>,
    },
    TypeSwitch {
        init: Option<Box<Stmt>>,
        bind: Option<Ident>,
        expr: Expr,
        cases: Vec<TypeClause>,
    },
    /// `break`, with its label if it has one.
    Break(Option<Ident>),
    Continue(Option<Ident>),
    Goto(Ident),
    /// `L: stmt`
    Labeled(Ident, Box<Stmt>),
    Fallthrough,
    Empty,
}

#[derive(Clone, Debug)]
pub struct CaseClause {
    /// Empty for `default`.
    pub exprs: Vec<Expr>,
    pub default: bool,
    pub body: Vec<Stmt>,
    pub pos: Pos,
}

#[derive(Clone, Debug)]
pub struct TypeClause {
    /// `None` stands for `nil`.
    pub types: Vec<Option<TypeExpr>>,
    pub default: bool,
    pub body: Vec<Stmt>,
    pub pos: Pos,
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub pos: Pos,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Ident(String),
    Int(u128),
    /// The literal's text: untyped float constants are kept exact until they get a type.
    Float(String),
    /// An imaginary literal's text without its `i`: a decimal floating-point literal.
    Imag(String),
    Str(Vec<u8>),
    Rune(u32),
    Call {
        func: Box<Expr>,
        args: Vec<Expr>,
        /// `f(xs...)`
        spread: bool,
    },
    Selector(Box<Expr>, Ident),
    Index(Box<Expr>, Box<Expr>),
    Slice {
        x: Box<Expr>,
        lo: Option<Box<Expr>>,
        hi: Option<Box<Expr>>,
        max: Option<Box<Expr>>,
    },
    /// `x.(T)`; `None` is the `x.(type)` of a type switch.
    Assert(Box<Expr>, Option<TypeExpr>),
    Unary(UnOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Paren(Box<Expr>),
    FuncLit(Box<Signature>, Block),
    Composite(Option<TypeExpr>, Vec<Element>),
    /// A type in expression position: `make([]int, 3)`, `[]byte(s)`.
    Type(TypeExpr),
}

#[derive(Clone, Debug)]
pub struct Element {
    pub key: Option<Expr>,
    pub value: Expr,
}
