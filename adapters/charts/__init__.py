"""PNG rendering of core chart values with matplotlib (Agg), imported lazily: importing this
package costs nothing; the first render pays for matplotlib."""
