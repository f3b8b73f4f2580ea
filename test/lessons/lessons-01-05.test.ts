import { lessonsCheckSlice } from './lessons-check-slice.ts';

lessonsCheckSlice(1, 5);
